package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import java.util.List;

/**
 * An upper estimate of the bytecode javac will produce for a generated method, from its IR: every
 * node is counted at its largest encoding, loads and stores in their wide form once a method has more
 * than 255 local slots (measured 5 to 17 % above javac's output on long straight-line methods). The JVM
 * limits a method to 65 535 bytes; a derivative several times longer than its method can exceed it
 * where the method itself does not, and javac would then fail in generated code ("code too large").
 * The processor reports that on the user's method instead.
 */
public final class BytecodeEstimate {

    /** What the JVM allows (65 535), less a margin. */
    public static final int LIMIT = 64_000;

    public static int of(MethodDef method) {
        int size = 0;
        for (int bytes : ofStatements(method)) {
            size += bytes;
        }
        return size;
    }

    /** The estimate of each statement of {@code method}'s body, the statements nested in it included. */
    static int[] ofStatements(MethodDef method) {
        return ofStatements(method, method.body().statements());
    }

    /** The estimate of each of {@code statements}, which stand in {@code method}, the statements nested in them included. */
    static int[] ofStatements(MethodDef method, List<Stmt> statements) {
        BytecodeEstimate estimate = new BytecodeEstimate(wideLocals(method));
        int[] sizes = new int[statements.size()];
        for (int i = 0; i < sizes.length; i++) {
            int[] size = {0};
            StatementWalker.forEachStatement(statements.get(i), s -> {
                size[0] += s.accept(estimate.statementBytes);
                for (Expr e : StatementWalker.ownExpressions(s)) {
                    StatementWalker.walk(e, x -> size[0] += x.accept(estimate.nodeBytes));
                }
            });
            sizes[i] = size[0];
        }
        return sizes;
    }

    /** Whether locals beyond slot 255 exist: their loads and stores take the 4-byte wide form. */
    private final boolean wide;

    private BytecodeEstimate(boolean wide) {
        this.wide = wide;
    }

    private static boolean wideLocals(MethodDef method) {
        int[] slots = {0};
        method.parameters().forEach(p -> slots[0] += slotsOf(p.type()));
        StatementWalker.forEachStatement(method.body(), s -> {
            if (s instanceof Stmt.Declare d) {
                slots[0] += slotsOf(d.variable().type());
            }
        });
        return slots[0] > 255;
    }

    private static int slotsOf(Type type) {
        return type == Type.DOUBLE || type == Type.LONG ? 2 : 1;
    }

    /**
     * The bytes a statement adds, its expressions and nested statements aside: a branch's or a loop's
     * jumps; none for a comment (the adjoint sweep has one per statement, which would add about 3 % to
     * the estimate and reject methods javac compiles); for any other statement, those of a store,
     * which a jump or a return does not exceed.
     */
    private final Stmt.Visitor<Integer> statementBytes = new Stmt.Visitor<>() {
        @Override
        public Integer visitDeclare(Stmt.Declare node) {
            return store();
        }

        @Override
        public Integer visitAssign(Stmt.Assign node) {
            return store();
        }

        @Override
        public Integer visitArrayWrite(Stmt.ArrayWrite node) {
            return store();
        }

        @Override
        public Integer visitBlock(Stmt.Block node) {
            return 0;
        }

        @Override
        public Integer visitIf(Stmt.If node) {
            return 4;
        }

        @Override
        public Integer visitReturn(Stmt.Return node) {
            return store();
        }

        @Override
        public Integer visitLoop(Stmt.Loop node) {
            return 6;
        }

        @Override
        public Integer visitBreak(Stmt.Break node) {
            return store();
        }

        @Override
        public Integer visitContinue(Stmt.Continue node) {
            return store();
        }

        @Override
        public Integer visitEvaluate(Stmt.Evaluate node) {
            return store();
        }

        @Override
        public Integer visitLabeled(Stmt.Labeled node) {
            return 0;
        }

        @Override
        public Integer visitBreakLabel(Stmt.BreakLabel node) {
            return store();
        }

        @Override
        public Integer visitComment(Stmt.Comment node) {
            return 0;
        }

        @Override
        public Integer visitThrow(Stmt.Throw node) {
            return 8; // new, dup, the constructor call, athrow
        }

        private int store() {
            return wide ? 5 : 3;
        }
    };

    /** The bytes one expression node adds, its operands aside. */
    private final Expr.Visitor<Integer> nodeBytes = new Expr.Visitor<>() {
        @Override
        public Integer visitLiteral(Expr.Literal node) {
            return 3;
        }

        @Override
        public Integer visitRef(Expr.Ref node) {
            return wide ? 4 : 2;
        }

        @Override
        public Integer visitStaticField(Expr.StaticField node) {
            return 3;
        }

        @Override
        public Integer visitUnary(Expr.Unary node) {
            return node.op() == UnaryOp.BIT_NOT ? 4 : 1; // ~v is v ^ -1, the -1 a constant to load
        }

        @Override
        public Integer visitBinary(Expr.Binary node) {
            return node.op().isComparison() || node.op().isLogical() ? 6 : 1;
        }

        @Override
        public Integer visitConditional(Expr.Conditional node) {
            return 8;
        }

        @Override
        public Integer visitCast(Expr.Cast node) {
            return 1;
        }

        @Override
        public Integer visitMathCall(Expr.MathCall node) {
            return 3;
        }

        @Override
        public Integer visitCall(Expr.Call node) {
            return 3;
        }

        @Override
        public Integer visitArrayRead(Expr.ArrayRead node) {
            return 1;
        }

        @Override
        public Integer visitArrayLength(Expr.ArrayLength node) {
            return 1;
        }

        @Override
        public Integer visitNewArray(Expr.NewArray node) {
            return 3;
        }

        @Override
        public Integer visitInvoke(Expr.Invoke node) {
            return 3;
        }

        @Override
        public Integer visitInvokeStatic(Expr.InvokeStatic node) {
            return 3;
        }

        @Override
        public Integer visitNew(Expr.New node) {
            return 7;
        }
    };
}
