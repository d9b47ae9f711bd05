package dev.adjoint.processor.emit;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code fGradient} of a method whose adjoint code is in its core ({@link BufferEntryPoints}): fresh arrays
 * of zeros for the array partials, declared as the adjoint code declared them, a {@code double[]} for the
 * scalar partials when there are any, the call of the core, and the record:
 *
 * <pre>{@code
 * double[] wAdj = w == null ? null : new double[w.length];
 * double[] scalarPartials = new double[1];
 * double value = FGrad.lossGradientIntoZeroed(w, b, wAdj, scalarPartials);
 * return new LossGradient(value, wAdj, scalarPartials[0]);
 * }</pre>
 *
 * <p>Fresh arrays have their arguments' shapes, are no argument and hold zeros, so the checks and the
 * zeroing of {@code fGradientInto} are left out.
 */
final class DelegatingGradient {

    private DelegatingGradient() {
    }

    /**
     * @param gradient {@code fGradient} as the reverse transform built it, adjoint code and all: its name,
     *     parameters, Javadoc and record are kept
     * @param differentiable its differentiable parameters, in the record's order
     * @param freshAdjoints the declarations of the array parameters' adjoints, in the same order, taken out
     *     of the adjoint code ({@link BufferedReverse.Split#freshAdjoints})
     * @param gradClass the generated class, holding the core
     * @param coreName the core's name; it takes {@code gradient}'s parameters, one buffer per array
     *     parameter, then the scalar partials' {@code double[]} when there are scalar parameters
     */
    static MethodDef of(MethodDef gradient, List<Variable> differentiable, List<Stmt.Declare> freshAdjoints,
            Type.Named gradClass, String coreName) {
        if (!(gradient.returnType() instanceof Type.Named record)) {
            throw new IllegalStateException("fGradient does not return a record: " + gradient.name());
        }
        int scalars = (int) differentiable.stream().filter(p -> p.type().isDouble()).count();
        List<Stmt> body = new ArrayList<>(freshAdjoints);
        List<Expr> arguments = new ArrayList<>(gradient.parameters().stream().map(Exprs::ref).toList());
        freshAdjoints.forEach(d -> arguments.add(Exprs.ref(d.variable())));
        Variable scalarPartials = null;
        if (scalars > 0) {
            scalarPartials = Variable.generated("scalarPartials", Type.DOUBLE_ARRAY);
            body.add(new Stmt.Declare(scalarPartials, new Expr.NewArray(Type.DOUBLE_ARRAY,
                    List.of(Expr.Literal.ofInt(scalars)), SourcePosition.NONE), SourcePosition.NONE));
            arguments.add(Exprs.ref(scalarPartials));
        }
        Variable value = Variable.generated("value", Type.DOUBLE);
        body.add(new Stmt.Declare(value, new Expr.InvokeStatic(gradClass, coreName, arguments, Type.DOUBLE),
                SourcePosition.NONE));
        List<Expr> components = new ArrayList<>();
        components.add(Exprs.ref(value));
        int array = 0;
        int scalar = 0;
        for (Variable p : differentiable) {
            components.add(p.type().isDouble()
                    ? new Expr.ArrayRead(Exprs.ref(scalarPartials), Expr.Literal.ofInt(scalar++), SourcePosition.NONE)
                    : Exprs.ref(freshAdjoints.get(array++).variable()));
        }
        body.add(new Stmt.Return(new Expr.New(record, components), SourcePosition.NONE));
        return new MethodDef(gradient.name(), gradient.returnType(), gradient.parameters(), new Stmt.Block(body),
                gradient.javadoc());
    }
}
