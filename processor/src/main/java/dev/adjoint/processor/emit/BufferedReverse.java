package dev.adjoint.processor.emit;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.NestedLists;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adjoint code of a method with array parameters, written once, into buffers: the body of
 * {@code fGradient} as the reverse transform builds it, with the adjoint of each array parameter being a
 * buffer passed in instead of a fresh array, and with the scalar partials written into a {@code double[]}
 * instead of a record. {@code fGradient} then passes fresh arrays (the declarations this takes out of the
 * body, {@link Split#freshAdjoints}) and {@code fGradientInto} the caller's, so both compute the same
 * numbers in the same order, bit for bit.
 *
 * <p>Works on the IR {@code fGradient} is printed from, which ends with {@code return new
 * FGradient(value, xAdj, ...)}: that statement names each parameter's adjoint variable.
 */
final class BufferedReverse {

    private BufferedReverse() {
    }

    /**
     * The core's body, and the declarations of the array adjoints it no longer makes.
     *
     * @param core the body with the buffers as the array adjoints, ending with {@code return value}
     * @param freshAdjoints the body's declaration of each array parameter's adjoint as a fresh array of
     *     zeros ({@code xAdj = x == null ? null : new double[x.length]}), in the order of the buffers
     */
    record Split(Stmt.Block core, List<Stmt.Declare> freshAdjoints) {
    }

    /**
     * {@code gradient}'s body with {@code buffers.get(i)} as the adjoint of the i-th array parameter (in the
     * order of {@code differentiable}, scalars skipped) and the scalar partials written into
     * {@code scalarPartials} (null when there are none), returning the value.
     *
     * @throws IllegalStateException when the body is not shaped as the reverse transform builds it
     */
    static Split split(MethodDef gradient, List<Variable> differentiable, List<Variable> buffers,
            Variable scalarPartials) {
        List<Stmt> statements = gradient.body().statements();
        if (statements.isEmpty() || !(statements.get(statements.size() - 1) instanceof Stmt.Return last)
                || !(last.value() instanceof Expr.New record)
                || record.arguments().size() != differentiable.size() + 1) {
            throw new IllegalStateException("fGradient does not end by returning its record: " + gradient.name());
        }
        Map<Variable, Variable> bufferOf = new LinkedHashMap<>();
        List<Stmt> tail = new ArrayList<>();
        int buffer = 0;
        int scalar = 0;
        for (int i = 0; i < differentiable.size(); i++) {
            Expr partial = record.arguments().get(i + 1);
            if (differentiable.get(i).type().isDouble()) {
                tail.add(new Stmt.ArrayWrite(new Expr.Ref(scalarPartials), Expr.Literal.ofInt(scalar++), partial,
                        SourcePosition.NONE));
            } else if (partial instanceof Expr.Ref adjoint) {
                bufferOf.put(adjoint.variable(), buffers.get(buffer++));
            } else {
                throw new IllegalStateException("an array partial that is not a variable: " + partial);
            }
        }
        tail.add(new Stmt.Return(record.arguments().get(0), SourcePosition.NONE));
        AdjointsIntoBuffers rewrite = new AdjointsIntoBuffers(bufferOf);
        List<Stmt> body = new ArrayList<>(rewrite.all(statements.subList(0, statements.size() - 1)));
        if (rewrite.fresh.size() != bufferOf.size()) {
            throw new IllegalStateException("not every array parameter's adjoint is declared once: " + gradient.name());
        }
        body.addAll(tail);
        List<Stmt.Declare> freshAdjoints = bufferOf.keySet().stream().map(rewrite.fresh::get).toList();
        return new Split(new Stmt.Block(body), freshAdjoints);
    }

    /**
     * Replaces the zeros each array parameter's adjoint is declared with ({@code x == null ? null : new
     * double[x.length]}) by the caller's buffer ({@code x == null ? null : dX}), which the entry point has
     * zeroed. An adjoint that is assigned elsewhere would leave the buffer behind: refused, as a processor bug.
     */
    private static final class AdjointsIntoBuffers extends NestedLists {

        private final Map<Variable, Variable> bufferOf;
        /** The declarations replaced, by adjoint variable. */
        private final Map<Variable, Stmt.Declare> fresh = new IdentityHashMap<>();

        AdjointsIntoBuffers(Map<Variable, Variable> bufferOf) {
            this.bufferOf = bufferOf;
        }

        List<Stmt> all(List<Stmt> statements) {
            List<Stmt> result = new ArrayList<>(statements.size());
            statements.forEach(s -> result.add(s.accept(this)));
            return result;
        }

        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            return all(statements);
        }

        @Override
        public Stmt visitDeclare(Stmt.Declare node) {
            Variable buffer = bufferOf.get(node.variable());
            if (buffer == null) {
                return node;
            }
            if (fresh.put(node.variable(), node) != null) {
                throw new IllegalStateException("an array parameter's adjoint is declared twice: " + node);
            }
            Expr init = node.init() instanceof Expr.Conditional ifNull
                    ? new Expr.Conditional(ifNull.condition(), ifNull.whenTrue(), new Expr.Ref(buffer), ifNull.type(),
                            ifNull.position())
                    : new Expr.Ref(buffer);
            return new Stmt.Declare(node.variable(), init, node.position());
        }

        @Override
        public Stmt visitAssign(Stmt.Assign node) {
            if (bufferOf.containsKey(node.variable())) {
                throw new IllegalStateException("an array parameter's adjoint is reassigned: " + node);
            }
            return node;
        }
    }
}
