package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.NestedLists;
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
 * Adds up, in a local, the contributions a stretch of straight-line adjoint code makes to one element
 * of an adjoint array, and writes the element once: {@code xAdj[i] -= bAdj; ... xAdj[i] += adj * t;}
 * becomes {@code double xAdjSum = -bAdj; ... xAdj[i] += xAdjSum + adj * t;}, one read and one write of
 * memory instead of two of each.
 *
 * <p>Exact up to the order of the additions: between the first and the last contribution nothing may
 * read the array, write it otherwise than by adding to an element (additions commute, whichever
 * elements they hit), or change a variable of the element's index. Only adjoint arrays are merged: a
 * primal array's additions must round as the user's code does.
 */
final class ElementSums {

    private ElementSums() {
    }

    static List<Stmt> merge(List<Stmt> statements, Set<Variable> adjointArrays) {
        List<Stmt> result = new ArrayList<>();
        MergeNested nested = new MergeNested(adjointArrays);
        for (Stmt s : statements) {
            result.add(s.accept(nested));
        }
        for (int first = 0; first < result.size(); first++) {
            Expr.Binary sum = contribution(result.get(first), adjointArrays);
            if (sum == null) {
                continue;
            }
            Stmt.ArrayWrite write = (Stmt.ArrayWrite) result.get(first);
            List<Integer> chain = chain(result, first, write, adjointArrays);
            if (chain.size() > 1) {
                rewrite(result, chain, write);
            }
        }
        return result;
    }

    /** {@code a[i] = a[i] ± e} into an adjoint array, with {@code e} not reading {@code a}: its sum, else null. */
    private static Expr.Binary contribution(Stmt s, Set<Variable> adjointArrays) {
        if (!(s instanceof Stmt.ArrayWrite w) || !(w.value() instanceof Expr.Binary b)
                || (b.op() != BinaryOp.ADD && b.op() != BinaryOp.SUB) || !Exprs.sameValue(b.left(), w.element())) {
            return null;
        }
        Variable array = StatementWalker.arrayVariable(w.array());
        return adjointArrays.contains(array) && !StatementWalker.reads(b.right(), array) ? b : null;
    }

    /** The positions of the contributions to {@code write}'s element that can be added up with it. */
    private static List<Integer> chain(List<Stmt> statements, int first, Stmt.ArrayWrite write,
            Set<Variable> adjointArrays) {
        Variable array = StatementWalker.arrayVariable(write.array());
        Set<Variable> indexVariables = Collections.newSetFromMap(new IdentityHashMap<>());
        StatementWalker.addVariables(write.element(), indexVariables);
        List<Integer> chain = new ArrayList<>(List.of(first));
        for (int k = first + 1; k < statements.size(); k++) {
            Stmt s = statements.get(k);
            Expr.Binary sum = contribution(s, adjointArrays);
            if (sum != null && StatementWalker.arrayVariable(((Stmt.ArrayWrite) s).array()) == array) {
                if (Exprs.sameValue(((Stmt.ArrayWrite) s).element(), write.element())) {
                    chain.add(k);
                }
                continue;
            }
            if (!s.accept(new LeavesAlone(array, indexVariables))) {
                break;
            }
        }
        return chain;
    }

    private static void rewrite(List<Stmt> statements, List<Integer> chain, Stmt.ArrayWrite write) {
        Variable array = StatementWalker.arrayVariable(write.array());
        Variable sum = Variable.derived(array, "Sum", Type.DOUBLE);
        for (int n = 0; n < chain.size(); n++) {
            int k = chain.get(n);
            Stmt.ArrayWrite w = (Stmt.ArrayWrite) statements.get(k);
            Expr.Binary b = (Expr.Binary) w.value();
            Expr signed = b.op() == BinaryOp.ADD ? b.right() : Exprs.neg(b.right());
            if (n == 0) {
                statements.set(k, new Stmt.Declare(sum, signed, SourcePosition.NONE));
            } else if (n < chain.size() - 1) {
                statements.set(k, new Stmt.Assign(sum, new Expr.Binary(b.op(), Exprs.ref(sum), b.right(),
                        SourcePosition.NONE), SourcePosition.NONE));
            } else {
                Expr total = new Expr.Binary(b.op(), Exprs.ref(sum), b.right(), SourcePosition.NONE);
                statements.set(k, new Stmt.ArrayWrite(w.array(), w.index(), Exprs.add(w.element(), total),
                        SourcePosition.NONE));
            }
        }
    }

    /** Merges the contributions inside the blocks a statement holds; any other statement stays. */
    private static final class MergeNested extends NestedLists {

        private final Set<Variable> adjointArrays;

        MergeNested(Set<Variable> adjointArrays) {
            this.adjointArrays = adjointArrays;
        }

        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            return merge(statements, adjointArrays);
        }
    }

    /**
     * Whether a statement is straight-line code that neither touches {@code array} nor assigns an
     * index variable: a contribution to another element may move past it.
     */
    private record LeavesAlone(Variable array, Set<Variable> indexVariables) implements Stmt.Visitor<Boolean> {
        /** Whether {@code s}, which sets only {@code assigned} (or nothing when null), leaves them alone. */
        private boolean leavesAlone(Stmt s, Variable assigned) {
            if (assigned == array || indexVariables.contains(assigned)) {
                return false;
            }
            boolean[] readsArray = {false};
            StatementWalker.expressions(s, e -> readsArray[0] |= e instanceof Expr.Ref ref && ref.variable() == array);
            return !readsArray[0];
        }

        @Override
        public Boolean visitDeclare(Stmt.Declare node) {
            return leavesAlone(node, node.variable());
        }

        @Override
        public Boolean visitAssign(Stmt.Assign node) {
            return leavesAlone(node, node.variable());
        }

        @Override
        public Boolean visitArrayWrite(Stmt.ArrayWrite node) {
            return leavesAlone(node, StatementWalker.arrayVariable(node.array()));
        }

        @Override
        public Boolean visitBlock(Stmt.Block node) {
            return false;
        }

        @Override
        public Boolean visitIf(Stmt.If node) {
            return false;
        }

        @Override
        public Boolean visitReturn(Stmt.Return node) {
            return false;
        }

        @Override
        public Boolean visitLoop(Stmt.Loop node) {
            return false;
        }

        @Override
        public Boolean visitBreak(Stmt.Break node) {
            return false;
        }

        @Override
        public Boolean visitContinue(Stmt.Continue node) {
            return false;
        }

        @Override
        public Boolean visitEvaluate(Stmt.Evaluate node) {
            return leavesAlone(node, null);
        }

        @Override
        public Boolean visitLabeled(Stmt.Labeled node) {
            return false;
        }

        @Override
        public Boolean visitBreakLabel(Stmt.BreakLabel node) {
            return false;
        }

        @Override
        public Boolean visitComment(Stmt.Comment node) {
            return leavesAlone(node, null);
        }

        @Override
        public Boolean visitThrow(Stmt.Throw node) {
            return false;
        }
    }
}
