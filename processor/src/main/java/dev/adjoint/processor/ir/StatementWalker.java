package dev.adjoint.processor.ir;

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

    public static void expressions(Stmt statement, Consumer<Expr> visitor) {
        if (statement instanceof Stmt.Declare d && d.init() != null) {
            walk(d.init(), visitor);
        } else if (statement instanceof Stmt.Assign a) {
            walk(a.value(), visitor);
        } else if (statement instanceof Stmt.ArrayWrite w) {
            walk(w.array(), visitor);
            walk(w.index(), visitor);
            walk(w.value(), visitor);
        } else if (statement instanceof Stmt.Block block) {
            block.statements().forEach(s -> expressions(s, visitor));
        } else if (statement instanceof Stmt.If i) {
            walk(i.condition(), visitor);
            expressions(i.thenBranch(), visitor);
            expressions(i.elseBranch(), visitor);
        } else if (statement instanceof Stmt.Loop loop) {
            walk(loop.condition(), visitor);
            expressions(loop.body(), visitor);
            expressions(loop.update(), visitor);
        } else if (statement instanceof Stmt.Return r) {
            walk(r.value(), visitor);
        } else if (statement instanceof Stmt.Evaluate e) {
            walk(e.expression(), visitor);
        } else if (statement instanceof Stmt.Labeled labeled) {
            expressions(labeled.body(), visitor);
        }
    }

    /** Visits {@code statement} and every statement nested in it, loops included, outermost first. */
    public static void forEachStatement(Stmt statement, Consumer<Stmt> visitor) {
        visitor.accept(statement);
        if (statement instanceof Stmt.Block block) {
            block.statements().forEach(s -> forEachStatement(s, visitor));
        } else if (statement instanceof Stmt.If i) {
            forEachStatement(i.thenBranch(), visitor);
            forEachStatement(i.elseBranch(), visitor);
        } else if (statement instanceof Stmt.Loop loop) {
            forEachStatement(loop.body(), visitor);
            forEachStatement(loop.update(), visitor);
        } else if (statement instanceof Stmt.Labeled labeled) {
            forEachStatement(labeled.body(), visitor);
        }
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
        if (e instanceof Expr.Unary u) {
            return List.of(u.operand());
        }
        if (e instanceof Expr.Binary b) {
            return List.of(b.left(), b.right());
        }
        if (e instanceof Expr.Conditional c) {
            return List.of(c.condition(), c.whenTrue(), c.whenFalse());
        }
        if (e instanceof Expr.Cast c) {
            return List.of(c.operand());
        }
        if (e instanceof Expr.MathCall call) {
            return call.arguments();
        }
        if (e instanceof Expr.Call call) {
            return call.arguments();
        }
        if (e instanceof Expr.ArrayRead read) {
            return List.of(read.array(), read.index());
        }
        if (e instanceof Expr.ArrayLength length) {
            return List.of(length.array());
        }
        if (e instanceof Expr.NewArray created) {
            return created.dimensions();
        }
        if (e instanceof Expr.Invoke invoke) {
            List<Expr> all = new java.util.ArrayList<>();
            all.add(invoke.receiver());
            all.addAll(invoke.arguments());
            return all;
        }
        if (e instanceof Expr.InvokeStatic invoke) {
            return invoke.arguments();
        }
        if (e instanceof Expr.New created) {
            return created.arguments();
        }
        return List.of();
    }
}
