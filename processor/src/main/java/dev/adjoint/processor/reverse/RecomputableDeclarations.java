package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.ControlFlow;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The declarations at the top of a loop body that the adjoint sweep can compute again instead of
 * taping: the body has no break, continue or return (so they ran in every iteration), and their values
 * depend only on what is the same when the iteration is reversed: parameter arrays and variables the
 * loop does not assign (its update's counters are restored first), earlier such declarations, and no
 * calls. Takes a loop and the variables the adjoints read; gives those declarations, in order.
 */
final class RecomputableDeclarations {

    private RecomputableDeclarations() {
    }

    /**
     * The recomputable declarations of {@code loop} whose variables are {@code wanted}, with those their
     * values read in turn.
     *
     * @param wanted the variables the adjoints read; those recomputations read are added to it
     */
    static List<Stmt.Declare> in(Stmt.Loop loop, Set<Variable> wanted) {
        List<Stmt.Declare> result = new ArrayList<>();
        ControlFlow flow = ControlFlow.of(loop.body());
        if (flow.mayBreakOrContinueEnclosingLoop() || flow.mayReturn()) {
            return result;
        }
        Set<Variable> assignedInBody = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Variable> reassignedInBody = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<Variable> writtenArrays = Collections.newSetFromMap(new IdentityHashMap<>());
        StatementWalker.forEachStatement(loop.body(), s -> {
            Write write = Write.of(s);
            if (write == null) {
                return;
            }
            switch (write.kind()) {
                case DECLARATION -> assignedInBody.add(write.variable());
                case ASSIGNMENT -> {
                    assignedInBody.add(write.variable());
                    reassignedInBody.add(write.variable());
                }
                case ELEMENT -> writtenArrays.add(write.variable());
                default -> throw new IllegalStateException(write.toString());
            }
        });
        StatementWalker.forEachStatement(loop.update(), s -> {
            Write write = Write.of(s);
            if (write != null && write.kind() == Write.Kind.ELEMENT) {
                writtenArrays.add(write.variable());
            }
        });
        Set<Variable> available = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Stmt s : loop.body().statements()) {
            if (!(s instanceof Stmt.Declare d) || d.init() == null || d.variable().type() instanceof Type.Array
                    || reassignedInBody.contains(d.variable())) {
                continue;
            }
            boolean[] ok = {true};
            StatementWalker.walk(d.init(), e -> {
                if (e.accept(CALLS_A_METHOD)) {
                    ok[0] = false;
                } else if (e instanceof Expr.Ref ref) {
                    Variable r = ref.variable();
                    boolean stable = !assignedInBody.contains(r) && !writtenArrays.contains(r);
                    ok[0] &= stable || available.contains(r);
                }
            });
            if (ok[0]) {
                result.add(d);
                available.add(d.variable());
            }
        }
        // Only what the adjoints read needs recomputing, with what that reads in turn.
        List<Stmt.Declare> needed = new ArrayList<>();
        for (int k = result.size() - 1; k >= 0; k--) {
            Stmt.Declare d = result.get(k);
            if (wanted.contains(d.variable())) {
                needed.add(0, d);
                StatementWalker.addVariables(d.init(), wanted);
            }
        }
        return needed;
    }

    /** Whether an expression node calls a method (a value computed again might differ); Math functions do not count. */
    private static final Expr.Visitor<Boolean> CALLS_A_METHOD = new Expr.Visitor<>() {
        @Override
        public Boolean visitLiteral(Expr.Literal node) {
            return false;
        }

        @Override
        public Boolean visitRef(Expr.Ref node) {
            return false;
        }

        @Override
        public Boolean visitStaticField(Expr.StaticField node) {
            return false;
        }

        @Override
        public Boolean visitUnary(Expr.Unary node) {
            return false;
        }

        @Override
        public Boolean visitBinary(Expr.Binary node) {
            return false;
        }

        @Override
        public Boolean visitConditional(Expr.Conditional node) {
            return false;
        }

        @Override
        public Boolean visitCast(Expr.Cast node) {
            return false;
        }

        @Override
        public Boolean visitMathCall(Expr.MathCall node) {
            return false;
        }

        @Override
        public Boolean visitCall(Expr.Call node) {
            return true;
        }

        @Override
        public Boolean visitArrayRead(Expr.ArrayRead node) {
            return false;
        }

        @Override
        public Boolean visitArrayLength(Expr.ArrayLength node) {
            return false;
        }

        @Override
        public Boolean visitNewArray(Expr.NewArray node) {
            return false;
        }

        @Override
        public Boolean visitInvoke(Expr.Invoke node) {
            return true;
        }

        @Override
        public Boolean visitInvokeStatic(Expr.InvokeStatic node) {
            return true;
        }

        @Override
        public Boolean visitNew(Expr.New node) {
            return false;
        }
    };
}
