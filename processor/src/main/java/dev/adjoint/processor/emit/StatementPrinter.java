package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.emit.ExpressionPrinter.Code;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.LoopLowering;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Prints IR statements as Java, the way a person would write them ({@code s += t}, {@code else if}).
 *
 * <p>A whole body becomes one {@link CodeBlock}: its lines are literal text, indented here, and only
 * the types are JavaPoet arguments. Handing JavaPoet a piece per statement made writing the file
 * half of the processor's time.
 */
final class StatementPrinter implements Stmt.Visitor<Void> {

    private static final String INDENT = "    ";
    /** The longest quoted statement a comment shows whole: a header stays a line of ordinary length. */
    private static final int QUOTE_LENGTH = 100;

    private final Names names;
    private final ExpressionPrinter expressions;
    private final Code code;
    private String indent = "";
    private int loops;

    StatementPrinter(Names names) {
        this(names, new Code());
    }

    private StatementPrinter(Names names, Code code) {
        this.names = names;
        this.code = code;
        this.expressions = new ExpressionPrinter(names, code);
    }

    CodeBlock body(Stmt.Block block) {
        statements(block.statements());
        return code.build();
    }

    /**
     * A method's body, the part that records on the thread's tapes in a {@code try} that takes the
     * records back when it fails ({@link TakeBackOnFailure}).
     */
    CodeBlock body(TakeBackOnFailure.Body body) {
        if (body.onFailure().isEmpty()) {
            return body(body.method().body());
        }
        statements(body.before());
        line().text("try {\n");
        nested(body.guarded());
        String failure = unusedIn(body, "failure");
        line().text("} catch (Throwable " + failure + ") {\n");
        nested(body.onFailure());
        line().text(INDENT + "throw " + failure + ";\n");
        line().text("}\n");
        return code.build();
    }

    /** {@code base}, numbered if a parameter or a variable declared before the {@code try} has that name. */
    private String unusedIn(TakeBackOnFailure.Body body, String base) {
        Set<String> taken = new HashSet<>();
        body.method().parameters().forEach(p -> taken.add(names.of(p)));
        body.before().forEach(s -> taken.add(names.of(((Stmt.Declare) s).variable())));
        String name = base;
        for (int n = 2; taken.contains(name); n++) {
            name = base + n;
        }
        return name;
    }

    private void statements(List<Stmt> statements) {
        statements.forEach(s -> s.accept(this));
    }

    /** Starts a line at the current depth. */
    private Code line() {
        return code.text(indent);
    }

    private void end() {
        code.text(";\n");
    }

    private void nested(List<Stmt> statements) {
        String outer = indent;
        indent = outer + INDENT;
        statements(statements);
        indent = outer;
    }

    @Override
    public Void visitDeclare(Stmt.Declare node) {
        line().type(JavaTypes.of(declaredType(node))).text(" ");
        declarator(node);
        end();
        return null;
    }

    /**
     * The type {@code node} declares: its variable's, but the record a call returns when that call is
     * its value. The IR reads such a call as its leaves ({@code double[] p = polar(r, t);}, see
     * {@code CallTarget.resultRecord}) only in a statement a comment quotes, which thus reads as the user
     * wrote it ({@code // grad of: Point p = Orbits.polar(r, t);}); code declares a record variable there.
     */
    private static Type declaredType(Stmt.Declare node) {
        return node.init() instanceof Expr.Call call && call.target().resultRecord() != null
                ? call.target().resultRecord().type() : node.variable().type();
    }

    /** {@code v = init}, or {@code v}: a declaration without its type. */
    private void declarator(Stmt.Declare node) {
        code.text(names.of(node.variable()));
        if (node.init() != null) {
            code.text(" = ");
            expressions.print(node.init());
        }
    }

    @Override
    public Void visitAssign(Stmt.Assign node) {
        line();
        assignment(node);
        end();
        return null;
    }

    /** {@code v = v + e} prints as {@code v += e} ({@code v = v & m} as {@code v &= m}), an integer step of one as {@code v++}. */
    private void assignment(Stmt.Assign node) {
        String name = names.of(node.variable());
        if (node.value() instanceof Expr.Binary b && b.left() instanceof Expr.Ref ref
                && ref.variable() == node.variable() && b.op().hasCompoundAssignment()) {
            boolean unitStep = node.variable().type() != Type.DOUBLE && Exprs.isOne(asDouble(b.right()))
                    && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB);
            if (unitStep) {
                code.text(name + (b.op() == BinaryOp.ADD ? "++" : "--"));
            } else {
                code.text(name + " " + b.op().symbol() + "= ");
                expressions.print(b.right());
            }
            return;
        }
        code.text(name + " = ");
        expressions.print(node.value());
    }

    private static Expr asDouble(Expr e) {
        return e instanceof Expr.Literal literal && literal.value() instanceof Number n
                ? Exprs.number(n.doubleValue()) : e;
    }

    @Override
    public Void visitArrayWrite(Stmt.ArrayWrite node) {
        line();
        elementWrite(node);
        end();
        return null;
    }

    /** {@code a[i] = a[i] + e} prints as {@code a[i] += e}. */
    private void elementWrite(Stmt.ArrayWrite node) {
        expressions.print(node.element());
        if (node.value() instanceof Expr.Binary b && b.op().isArithmetic()
                && Exprs.withoutPositions(b.left()).equals(Exprs.withoutPositions(node.element()))) {
            code.text(" " + b.op().symbol() + "= ");
            expressions.print(b.right());
        } else {
            code.text(" = ");
            expressions.print(node.value());
        }
    }

    /** A {@code for} loop's block (its initialisers, then the loop) prints as the {@code for} statement. */
    @Override
    public Void visitBlock(Stmt.Block node) {
        ForLoop loop = ForLoop.of(node);
        if (loop != null) {
            forLoop(loop);
            return null;
        }
        line().text("{\n");
        nested(node.statements());
        line().text("}\n");
        return null;
    }

    /** An empty then-branch prints as {@code if (!(c))}, an else holding only an if as {@code else if}. */
    @Override
    public Void visitIf(Stmt.If node) {
        List<Stmt> thenBranch = node.thenBranch().statements();
        List<Stmt> elseBranch = node.elseBranch().statements();
        if (thenBranch.isEmpty()) {
            line().text("if (!(");
            expressions.print(node.condition());
            code.text(")) {\n");
            nested(elseBranch);
            line().text("}\n");
            return null;
        }
        line().text("if (");
        expressions.print(node.condition());
        code.text(") {\n");
        nested(thenBranch);
        Stmt.If current = node;
        while (current.elseBranch().statements().size() == 1
                && current.elseBranch().statements().get(0) instanceof Stmt.If elseIf
                && !elseIf.thenBranch().statements().isEmpty()) {
            line().text("} else if (");
            expressions.print(elseIf.condition());
            code.text(") {\n");
            nested(elseIf.thenBranch().statements());
            current = elseIf;
        }
        if (!current.elseBranch().statements().isEmpty()) {
            line().text("} else {\n");
            nested(current.elseBranch().statements());
        }
        line().text("}\n");
        return null;
    }

    @Override
    public Void visitReturn(Stmt.Return node) {
        line().text("return ");
        expressions.print(node.value());
        end();
        return null;
    }

    /**
     * Loops print as {@code for} when Java's {@code for} can say them, else as {@code while} or
     * {@code do}, a {@code for} loop's update at the end of the body.
     */
    @Override
    public Void visitLoop(Stmt.Loop node) {
        ForLoop loop = ForLoop.of(node);
        if (loop != null) {
            forLoop(loop);
            return null;
        }
        Stmt.Block body = LoopLowering.withUpdate(node.body(), node.update(), "iteration" + (++loops));
        if (node.testFirst()) {
            line().text("while (");
            expressions.print(node.condition());
            code.text(") {\n");
            nested(body.statements());
            line().text("}\n");
        } else {
            line().text("do {\n");
            nested(body.statements());
            line().text("} while (");
            expressions.print(node.condition());
            code.text(");\n");
        }
        return null;
    }

    /**
     * The line that shows {@code s}: a simple statement whole, an {@code if} or a loop by its head,
     * a {@code for} loop's block by the loop's head.
     */
    private void head(Stmt s) {
        if (s instanceof Stmt.If i) {
            code.text("if (");
            expressions.print(i.condition());
            code.text(")");
        } else if (s instanceof Stmt.Block block) {
            ForLoop loop = ForLoop.of(block);
            if (loop != null) {
                forHead(loop);
            } else {
                head(block.statements().get(block.statements().size() - 1));
            }
        } else if (s instanceof Stmt.Loop loop) {
            ForLoop forLoop = ForLoop.of(loop);
            if (forLoop != null) {
                forHead(forLoop);
            } else {
                code.text(loop.testFirst() ? "while (" : "do ... while (");
                expressions.print(loop.condition());
                code.text(")");
            }
        } else {
            s.accept(this);
        }
    }

    /** {@code for (int i = 0; i < n; i++) { ... }}: a {@code continue} in the body reaches the update, as in the IR. */
    private void forLoop(ForLoop loop) {
        loops++;
        line();
        forHead(loop);
        code.text(" {\n");
        nested(loop.loop().body().statements());
        line().text("}\n");
    }

    private void forHead(ForLoop loop) {
        code.text("for (");
        List<Stmt> initialisers = loop.initialisers();
        if (!initialisers.isEmpty() && initialisers.get(0) instanceof Stmt.Declare first) {
            code.type(JavaTypes.of(first.variable().type())).text(" ");
        }
        expressionList(initialisers);
        code.text("; ");
        expressions.print(loop.loop().condition());
        code.text("; ");
        expressionList(loop.loop().update().statements());
        code.text(")");
    }

    /** A {@code for} loop's initialisers or update: {@code i = 0, j = n} or {@code i++, j--}. */
    private void expressionList(List<Stmt> statements) {
        for (int i = 0; i < statements.size(); i++) {
            if (i > 0) {
                code.text(", ");
            }
            Stmt s = statements.get(i);
            if (s instanceof Stmt.Declare declaration) {
                declarator(declaration);
            } else if (s instanceof Stmt.Assign assign) {
                assignment(assign);
            } else if (s instanceof Stmt.ArrayWrite write) {
                elementWrite(write);
            } else {
                expressions.print(((Stmt.Evaluate) s).expression());
            }
        }
    }

    @Override
    public Void visitBreak(Stmt.Break node) {
        line().text("break");
        end();
        return null;
    }

    @Override
    public Void visitContinue(Stmt.Continue node) {
        line().text("continue");
        end();
        return null;
    }

    @Override
    public Void visitEvaluate(Stmt.Evaluate node) {
        line();
        expressions.print(node.expression());
        end();
        return null;
    }

    @Override
    public Void visitLabeled(Stmt.Labeled node) {
        line().text(node.label() + ": {\n");
        nested(node.body().statements());
        line().text("}\n");
        return null;
    }

    @Override
    public Void visitBreakLabel(Stmt.BreakLabel node) {
        line().text("break " + node.label());
        end();
        return null;
    }

    @Override
    public Void visitComment(Stmt.Comment node) {
        line().text("// " + node.text());
        if (node.quoted() != null) {
            code.text(" " + quote(node.quoted()));
        }
        code.text("\n");
        return null;
    }

    @Override
    public Void visitThrow(Stmt.Throw node) {
        line().text("throw new ").type(JavaTypes.className(node.exception())).text("(");
        for (int i = 0; i < node.arguments().size(); i++) {
            if (i > 0) {
                code.text(", ");
            }
            expressions.print(node.arguments().get(i));
        }
        code.text(")");
        end();
        return null;
    }

    /**
     * {@code s} as one line of Java for a comment, types by their simple names (a comment imports
     * nothing), cut at a space after at most {@link #QUOTE_LENGTH} characters.
     */
    private String quote(Stmt s) {
        StatementPrinter printer = new StatementPrinter(names, Code.comment());
        printer.head(s);
        String text = printer.code.plainText().strip();
        if (text.length() <= QUOTE_LENGTH) {
            return text;
        }
        int cut = text.lastIndexOf(' ', QUOTE_LENGTH);
        return text.substring(0, cut > 0 ? cut : QUOTE_LENGTH) + " ...";
    }
}
