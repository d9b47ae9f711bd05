package dev.adjoint.processor.emit;

import com.palantir.javapoet.CodeBlock;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.LoopLowering;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import java.util.List;

/** Prints IR statements as Java, the way a person would write them ({@code s += t}, {@code else if}). */
final class StatementPrinter {

    private final Names names;
    private final ExpressionPrinter expressions;
    private int loops;

    StatementPrinter(Names names) {
        this.names = names;
        this.expressions = new ExpressionPrinter(names);
    }

    CodeBlock body(Stmt.Block block) {
        CodeBlock.Builder code = CodeBlock.builder();
        block.statements().forEach(s -> statement(s, code));
        return code.build();
    }

    private void statement(Stmt s, CodeBlock.Builder code) {
        if (s instanceof Stmt.Declare d) {
            if (d.init() == null) {
                code.addStatement("$T $N", JavaTypes.of(d.variable().type()), names.of(d.variable()));
            } else {
                code.addStatement("$T $N = $L", JavaTypes.of(d.variable().type()), names.of(d.variable()),
                        expressions.print(d.init()));
            }
        } else if (s instanceof Stmt.Assign a) {
            assignment(a, code);
        } else if (s instanceof Stmt.ArrayWrite w) {
            arrayWrite(w, code);
        } else if (s instanceof Stmt.Block block) {
            code.add("{\n").indent();
            block.statements().forEach(x -> statement(x, code));
            code.unindent().add("}\n");
        } else if (s instanceof Stmt.If i) {
            ifStatement(i, code);
        } else if (s instanceof Stmt.Return r) {
            code.addStatement("return $L", expressions.print(r.value()));
        } else if (s instanceof Stmt.Evaluate e) {
            code.addStatement("$L", expressions.print(e.expression()));
        } else if (s instanceof Stmt.Labeled labeled) {
            code.add("$L: {\n", labeled.label()).indent();
            labeled.body().statements().forEach(x -> statement(x, code));
            code.unindent().add("}\n");
        } else if (s instanceof Stmt.Loop loop) {
            loop(loop, code);
        } else if (s instanceof Stmt.Break) {
            code.addStatement("break");
        } else if (s instanceof Stmt.Continue) {
            code.addStatement("continue");
        } else if (s instanceof Stmt.BreakLabel b) {
            code.addStatement("break $L", b.label());
        } else if (s instanceof Stmt.Comment c) {
            code.add("// $L\n", c.text());
        } else {
            throw new IllegalStateException("cannot print " + s);
        }
    }

    /** {@code v = v + e} prints as {@code v += e}, and an integer step of one as {@code v++}. */
    private void assignment(Stmt.Assign a, CodeBlock.Builder code) {
        String name = names.of(a.variable());
        if (a.value() instanceof Expr.Binary b && b.left() instanceof Expr.Ref ref && ref.variable() == a.variable()
                && b.op().isArithmetic()) {
            boolean unitStep = a.variable().type() != Type.DOUBLE && Exprs.isOne(asDouble(b.right()))
                    && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB);
            if (unitStep) {
                code.addStatement("$N$L", name, b.op() == BinaryOp.ADD ? "++" : "--");
            } else {
                code.addStatement("$N $L= $L", name, b.op().symbol(), expressions.print(b.right()));
            }
            return;
        }
        code.addStatement("$N = $L", name, expressions.print(a.value()));
    }

    /** {@code a[i] = a[i] + e} prints as {@code a[i] += e}. */
    private void arrayWrite(Stmt.ArrayWrite w, CodeBlock.Builder code) {
        CodeBlock element = expressions.print(w.element());
        if (w.value() instanceof Expr.Binary b && b.op().isArithmetic()
                && Exprs.withoutPositions(b.left()).equals(Exprs.withoutPositions(w.element()))) {
            code.addStatement("$L $L= $L", element, b.op().symbol(), expressions.print(b.right()));
            return;
        }
        code.addStatement("$L = $L", element, expressions.print(w.value()));
    }

    private static Expr asDouble(Expr e) {
        return e instanceof Expr.Literal literal && literal.value() instanceof Number n
                ? Exprs.number(n.doubleValue()) : e;
    }

    /** Loops print as {@code while} or {@code do}, a {@code for} loop's update at the end of the body. */
    private void loop(Stmt.Loop loop, CodeBlock.Builder code) {
        Stmt.Block body = LoopLowering.withUpdate(loop.body(), loop.update(), "iteration" + (++loops));
        if (loop.testFirst()) {
            code.beginControlFlow("while ($L)", expressions.print(loop.condition()));
            body.statements().forEach(x -> statement(x, code));
            code.endControlFlow();
        } else {
            code.beginControlFlow("do");
            body.statements().forEach(x -> statement(x, code));
            code.endControlFlow("while ($L)", expressions.print(loop.condition()));
        }
    }

    private void ifStatement(Stmt.If i, CodeBlock.Builder code) {
        List<Stmt> thenBranch = i.thenBranch().statements();
        List<Stmt> elseBranch = i.elseBranch().statements();
        if (thenBranch.isEmpty()) {
            code.beginControlFlow("if (!($L))", expressions.print(i.condition()));
            elseBranch.forEach(x -> statement(x, code));
            code.endControlFlow();
            return;
        }
        code.beginControlFlow("if ($L)", expressions.print(i.condition()));
        thenBranch.forEach(x -> statement(x, code));
        Stmt.If current = i;
        while (current.elseBranch().statements().size() == 1
                && current.elseBranch().statements().get(0) instanceof Stmt.If elseIf
                && !elseIf.thenBranch().statements().isEmpty()) {
            code.nextControlFlow("else if ($L)", expressions.print(elseIf.condition()));
            elseIf.thenBranch().statements().forEach(x -> statement(x, code));
            current = elseIf;
        }
        if (!current.elseBranch().statements().isEmpty()) {
            code.nextControlFlow("else");
            current.elseBranch().statements().forEach(x -> statement(x, code));
        }
        code.endControlFlow();
    }
}
