package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;

/**
 * An upper estimate of the bytecode javac will produce for a generated method, from its IR. The JVM
 * limits a method to 65 535 bytes; a derivative several times longer than its method can exceed it
 * where the method itself does not, and javac would then fail in generated code ("code too large").
 * The processor reports that on the user's method instead.
 */
public final class BytecodeEstimate {

    /** What the JVM allows, less a margin for what the estimate cannot see (wide locals, constant pool). */
    public static final int LIMIT = 60_000;

    private BytecodeEstimate() {
    }

    public static int of(MethodDef method) {
        return statement(method.body());
    }

    private static int statement(Stmt s) {
        if (s instanceof Stmt.Block block) {
            return block.statements().stream().mapToInt(BytecodeEstimate::statement).sum();
        }
        if (s instanceof Stmt.If i) {
            return 4 + expression(i.condition()) + statement(i.thenBranch()) + statement(i.elseBranch());
        }
        if (s instanceof Stmt.Loop loop) {
            return 6 + expression(loop.condition()) + statement(loop.body()) + statement(loop.update());
        }
        if (s instanceof Stmt.Labeled labeled) {
            return statement(labeled.body());
        }
        int[] size = {3};
        StatementWalker.expressions(s, e -> size[0] += node(e));
        return size[0];
    }

    private static int expression(Expr e) {
        int[] size = {0};
        StatementWalker.walk(e, x -> size[0] += node(x));
        return size[0];
    }

    /** The bytes one node adds, its operands aside. */
    private static int node(Expr e) {
        if (e instanceof Expr.Binary b) {
            return b.op().isArithmetic() ? 1 : 6;
        }
        if (e instanceof Expr.Conditional) {
            return 8;
        }
        if (e instanceof Expr.New) {
            return 7;
        }
        if (e instanceof Expr.Unary || e instanceof Expr.Cast || e instanceof Expr.ArrayRead
                || e instanceof Expr.ArrayLength) {
            return 1;
        }
        return 3;
    }
}
