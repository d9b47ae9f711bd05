package dev.adjoint.processor.ir;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** Visits every expression and sub-expression of a statement tree, outermost first. */
public final class StatementWalker {

    /** The variable an array expression ({@code a}, {@code a[i]}) ultimately reads, or null. */
    public static Variable arrayVariable(Expr array) {
        if (array instanceof Expr.Ref ref) {
            return ref.variable();
        }
        if (array instanceof Expr.ArrayRead read) {
            return arrayVariable(read.array());
        }
        return null;
    }

    private StatementWalker() {
    }

    /** Visits the expressions of {@code statement} and of every statement nested in it, and their sub-expressions. */
    public static void expressions(Stmt statement, Consumer<Expr> visitor) {
        for (Expr e : ownExpressions(statement)) {
            walk(e, visitor);
        }
        for (Stmt nested : nestedStatements(statement)) {
            expressions(nested, visitor);
        }
    }

    /** Visits {@code statement} and every statement nested in it, loops included, outermost first. */
    public static void forEachStatement(Stmt statement, Consumer<Stmt> visitor) {
        visitor.accept(statement);
        for (Stmt nested : nestedStatements(statement)) {
            forEachStatement(nested, visitor);
        }
    }

    /** The expressions a statement evaluates itself, in evaluation order (a loop's condition; not its body's). */
    public static List<Expr> ownExpressions(Stmt statement) {
        return statement.accept(OWN_EXPRESSIONS);
    }

    /** The statements directly nested in {@code statement}: a block's, a branch's, a loop's body then update. */
    public static List<Stmt> nestedStatements(Stmt statement) {
        return statement.accept(NESTED_STATEMENTS);
    }

    /** Adds the variables {@code e} reads to {@code into}. */
    public static void addVariables(Expr e, Set<Variable> into) {
        walk(e, x -> {
            if (x instanceof Expr.Ref ref) {
                into.add(ref.variable());
            }
        });
    }

    /** Adds the variables the expressions of {@code statement}, and of the statements in it, read to {@code into}. */
    public static void addVariables(Stmt statement, Set<Variable> into) {
        expressions(statement, x -> {
            if (x instanceof Expr.Ref ref) {
                into.add(ref.variable());
            }
        });
    }

    /** The variables {@code statement}, or a statement in it, assigns (not those it declares), in order. */
    public static Set<Variable> assigned(Stmt statement) {
        Set<Variable> assigned = new LinkedHashSet<>();
        forEachStatement(statement, s -> {
            if (s instanceof Stmt.Assign a) {
                assigned.add(a.variable());
            }
        });
        return assigned;
    }

    /** The variables {@code statement}, or a statement in it, declares or assigns, in order. */
    public static Set<Variable> declaredOrAssigned(Stmt statement) {
        Set<Variable> written = new LinkedHashSet<>();
        forEachStatement(statement, s -> {
            if (s instanceof Stmt.Declare d) {
                written.add(d.variable());
            } else if (s instanceof Stmt.Assign a) {
                written.add(a.variable());
            }
        });
        return written;
    }

    /** The variables {@code statement}, or a statement in it, declares, assigns or reads: those it writes first. */
    public static Set<Variable> mentioned(Stmt statement) {
        Set<Variable> mentioned = declaredOrAssigned(statement);
        addVariables(statement, mentioned);
        return mentioned;
    }

    /** Whether {@code statement}, or a statement in it, declares or assigns the variable {@code v}. */
    public static boolean assigns(Stmt statement, Variable v) {
        boolean[] found = {false};
        forEachStatement(statement, nested -> found[0] |= nested instanceof Stmt.Assign a && a.variable() == v
                || nested instanceof Stmt.Declare d && d.variable() == v);
        return found[0];
    }

    /** Whether {@code statement}, or a statement in it, reads, declares or assigns the variable {@code v}. */
    public static boolean mentions(Stmt statement, Variable v) {
        boolean[] found = {false};
        expressions(statement, x -> found[0] |= x instanceof Expr.Ref ref && ref.variable() == v);
        return found[0] || assigns(statement, v);
    }

    /** Whether {@code e} reads the variable {@code v}. */
    public static boolean reads(Expr e, Variable v) {
        boolean[] found = {false};
        walk(e, x -> found[0] |= x instanceof Expr.Ref ref && ref.variable() == v);
        return found[0];
    }

    public static void walk(Expr e, Consumer<Expr> visitor) {
        visitor.accept(e);
        for (Expr child : children(e)) {
            walk(child, visitor);
        }
    }

    /** The direct sub-expressions of {@code e}, in evaluation order. */
    public static List<Expr> children(Expr e) {
        return e.accept(CHILDREN);
    }

    private static final Stmt.Visitor<List<Expr>> OWN_EXPRESSIONS = new Stmt.Visitor<>() {
        @Override
        public List<Expr> visitDeclare(Stmt.Declare node) {
            return node.init() == null ? List.of() : List.of(node.init());
        }

        @Override
        public List<Expr> visitAssign(Stmt.Assign node) {
            return List.of(node.value());
        }

        @Override
        public List<Expr> visitArrayWrite(Stmt.ArrayWrite node) {
            return List.of(node.array(), node.index(), node.value());
        }

        @Override
        public List<Expr> visitBlock(Stmt.Block node) {
            return List.of();
        }

        @Override
        public List<Expr> visitIf(Stmt.If node) {
            return List.of(node.condition());
        }

        @Override
        public List<Expr> visitReturn(Stmt.Return node) {
            return List.of(node.value());
        }

        @Override
        public List<Expr> visitLoop(Stmt.Loop node) {
            return List.of(node.condition());
        }

        @Override
        public List<Expr> visitBreak(Stmt.Break node) {
            return List.of();
        }

        @Override
        public List<Expr> visitContinue(Stmt.Continue node) {
            return List.of();
        }

        @Override
        public List<Expr> visitEvaluate(Stmt.Evaluate node) {
            return List.of(node.expression());
        }

        @Override
        public List<Expr> visitLabeled(Stmt.Labeled node) {
            return List.of();
        }

        @Override
        public List<Expr> visitBreakLabel(Stmt.BreakLabel node) {
            return List.of();
        }

        @Override
        public List<Expr> visitComment(Stmt.Comment node) {
            return List.of();
        }

        @Override
        public List<Expr> visitThrow(Stmt.Throw node) {
            return node.arguments();
        }
    };

    private static final Stmt.Visitor<List<Stmt>> NESTED_STATEMENTS = new Stmt.Visitor<>() {
        @Override
        public List<Stmt> visitDeclare(Stmt.Declare node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitAssign(Stmt.Assign node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitArrayWrite(Stmt.ArrayWrite node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitBlock(Stmt.Block node) {
            return node.statements();
        }

        @Override
        public List<Stmt> visitIf(Stmt.If node) {
            return List.of(node.thenBranch(), node.elseBranch());
        }

        @Override
        public List<Stmt> visitReturn(Stmt.Return node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitLoop(Stmt.Loop node) {
            return List.of(node.body(), node.update());
        }

        @Override
        public List<Stmt> visitBreak(Stmt.Break node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitContinue(Stmt.Continue node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitEvaluate(Stmt.Evaluate node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitLabeled(Stmt.Labeled node) {
            return List.of(node.body());
        }

        @Override
        public List<Stmt> visitBreakLabel(Stmt.BreakLabel node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitComment(Stmt.Comment node) {
            return List.of();
        }

        @Override
        public List<Stmt> visitThrow(Stmt.Throw node) {
            return List.of();
        }
    };

    private static final Expr.Visitor<List<Expr>> CHILDREN = new Expr.Visitor<>() {
        @Override
        public List<Expr> visitLiteral(Expr.Literal node) {
            return List.of();
        }

        @Override
        public List<Expr> visitRef(Expr.Ref node) {
            return List.of();
        }

        @Override
        public List<Expr> visitStaticField(Expr.StaticField node) {
            return List.of();
        }

        @Override
        public List<Expr> visitUnary(Expr.Unary node) {
            return List.of(node.operand());
        }

        @Override
        public List<Expr> visitBinary(Expr.Binary node) {
            return List.of(node.left(), node.right());
        }

        @Override
        public List<Expr> visitConditional(Expr.Conditional node) {
            return List.of(node.condition(), node.whenTrue(), node.whenFalse());
        }

        @Override
        public List<Expr> visitCast(Expr.Cast node) {
            return List.of(node.operand());
        }

        @Override
        public List<Expr> visitMathCall(Expr.MathCall node) {
            return node.arguments();
        }

        @Override
        public List<Expr> visitCall(Expr.Call node) {
            return node.arguments();
        }

        @Override
        public List<Expr> visitArrayRead(Expr.ArrayRead node) {
            return List.of(node.array(), node.index());
        }

        @Override
        public List<Expr> visitArrayLength(Expr.ArrayLength node) {
            return List.of(node.array());
        }

        @Override
        public List<Expr> visitNewArray(Expr.NewArray node) {
            return node.dimensions();
        }

        @Override
        public List<Expr> visitInvoke(Expr.Invoke node) {
            List<Expr> all = new ArrayList<>();
            all.add(node.receiver());
            all.addAll(node.arguments());
            return all;
        }

        @Override
        public List<Expr> visitInvokeStatic(Expr.InvokeStatic node) {
            return node.arguments();
        }

        @Override
        public List<Expr> visitNew(Expr.New node) {
            return node.arguments();
        }
    };
}
