package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.emit.ExpressionPrinter.Code;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.LoopLowering;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import java.util.List;

/**
 * Prints IR statements as Java, the way a person would write them ({@code s += t}, {@code else if}).
 *
 * <p>A whole body becomes one {@link CodeBlock}: its lines are literal text, indented here, and only
 * the types are JavaPoet arguments. Handing JavaPoet a piece per statement made writing the file
 * half of the processor's time.
 */
final class StatementPrinter {

    private static final String INDENT = "    ";

    private final Names names;
    private final ExpressionPrinter expressions;
    private final Code code = new Code();
    private String indent = "";
    private int loops;

    StatementPrinter(Names names) {
        this.names = names;
        this.expressions = new ExpressionPrinter(names, code);
    }

    CodeBlock body(Stmt.Block block) {
        statements(block.statements());
        return code.build();
    }

    private void statements(List<Stmt> statements) {
        statements.forEach(this::statement);
    }

    private void statement(Stmt s) {
        if (s instanceof Stmt.Declare d) {
            line().type(JavaTypes.of(d.variable().type())).text(" " + names.of(d.variable()));
            if (d.init() != null) {
                code.text(" = ");
                expressions.print(d.init());
            }
            end();
        } else if (s instanceof Stmt.Assign a) {
            assignment(a);
        } else if (s instanceof Stmt.ArrayWrite w) {
            arrayWrite(w);
        } else if (s instanceof Stmt.Block block) {
            line().text("{\n");
            nested(block.statements());
            line().text("}\n");
        } else if (s instanceof Stmt.If i) {
            ifStatement(i);
        } else if (s instanceof Stmt.Return r) {
            line().text("return ");
            expressions.print(r.value());
            end();
        } else if (s instanceof Stmt.Evaluate e) {
            line();
            expressions.print(e.expression());
            end();
        } else if (s instanceof Stmt.Labeled labeled) {
            line().text(labeled.label() + ": {\n");
            nested(labeled.body().statements());
            line().text("}\n");
        } else if (s instanceof Stmt.Loop loop) {
            loop(loop);
        } else if (s instanceof Stmt.Break) {
            line().text("break");
            end();
        } else if (s instanceof Stmt.Continue) {
            line().text("continue");
            end();
        } else if (s instanceof Stmt.BreakLabel b) {
            line().text("break " + b.label());
            end();
        } else if (s instanceof Stmt.Comment c) {
            line().text("// " + c.text() + "\n");
        } else {
            throw new IllegalStateException("cannot print " + s);
        }
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

    /** {@code v = v + e} prints as {@code v += e}, and an integer step of one as {@code v++}. */
    private void assignment(Stmt.Assign a) {
        String name = names.of(a.variable());
        if (a.value() instanceof Expr.Binary b && b.left() instanceof Expr.Ref ref && ref.variable() == a.variable()
                && b.op().isArithmetic()) {
            boolean unitStep = a.variable().type() != Type.DOUBLE && Exprs.isOne(asDouble(b.right()))
                    && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB);
            if (unitStep) {
                line().text(name + (b.op() == BinaryOp.ADD ? "++" : "--"));
            } else {
                line().text(name + " " + b.op().symbol() + "= ");
                expressions.print(b.right());
            }
            end();
            return;
        }
        line().text(name + " = ");
        expressions.print(a.value());
        end();
    }

    /** {@code a[i] = a[i] + e} prints as {@code a[i] += e}. */
    private void arrayWrite(Stmt.ArrayWrite w) {
        line();
        expressions.print(w.element());
        if (w.value() instanceof Expr.Binary b && b.op().isArithmetic()
                && Exprs.withoutPositions(b.left()).equals(Exprs.withoutPositions(w.element()))) {
            code.text(" " + b.op().symbol() + "= ");
            expressions.print(b.right());
        } else {
            code.text(" = ");
            expressions.print(w.value());
        }
        end();
    }

    private static Expr asDouble(Expr e) {
        return e instanceof Expr.Literal literal && literal.value() instanceof Number n
                ? Exprs.number(n.doubleValue()) : e;
    }

    /** Loops print as {@code while} or {@code do}, a {@code for} loop's update at the end of the body. */
    private void loop(Stmt.Loop loop) {
        Stmt.Block body = LoopLowering.withUpdate(loop.body(), loop.update(), "iteration" + (++loops));
        if (loop.testFirst()) {
            line().text("while (");
            expressions.print(loop.condition());
            code.text(") {\n");
            nested(body.statements());
            line().text("}\n");
        } else {
            line().text("do {\n");
            nested(body.statements());
            line().text("} while (");
            expressions.print(loop.condition());
            code.text(");\n");
        }
    }

    private void ifStatement(Stmt.If i) {
        List<Stmt> thenBranch = i.thenBranch().statements();
        List<Stmt> elseBranch = i.elseBranch().statements();
        if (thenBranch.isEmpty()) {
            line().text("if (!(");
            expressions.print(i.condition());
            code.text(")) {\n");
            nested(elseBranch);
            line().text("}\n");
            return;
        }
        line().text("if (");
        expressions.print(i.condition());
        code.text(") {\n");
        nested(thenBranch);
        Stmt.If current = i;
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
    }
}
