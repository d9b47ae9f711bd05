package dev.adjoint.processor.emit;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reverse mode of a scalar method that other methods of its class call with their partials on the
 * thread's double tape ({@code reverse.CalleePartials}): its adjoint code in a private core that returns
 * the value and pushes the partials onto the tape it is given, the last parameter's first, so that the
 * caller pops them in parameter order right after the call; {@code fGradient} calls the core too, so the
 * sweeps are written once:
 *
 * <pre>{@code
 * private static double erfcGradientOnto(double x, DoubleStack doubleTape) {
 *     ... both sweeps, xAdj the partial ...
 *     doubleTape.push(xAdj);
 *     return value;
 * }
 *
 * public static ErfcGradient erfcGradient(double x) {
 *     DoubleStack doubleTape = DoubleStack.forThisThread();
 *     double value = FunctionsGrad.erfcGradientOnto(x, doubleTape);
 *     double dX = doubleTape.pop();
 *     return new ErfcGradient(value, dX);
 * }
 * }</pre>
 *
 * <p>A callee's record, too large a method to be inlined, escapes and is allocated at every call; the
 * tape is allocated once per thread. A method no other method of the class calls keeps {@code fGradient}
 * with its adjoint code, as does every method whose record holds more than its value and scalar partials.
 */
final class PartialsOnTape {

    /**
     * The reverse mode of one method around its core.
     *
     * @param gradient {@code fGradient}, calling the core; null for a private helper only its class's
     *     reverse modes call, through the core
     * @param core the adjoint code, pushing the partials
     */
    record Methods(MethodDef gradient, MethodDef core) {
    }

    private static final Type.Named DOUBLE_STACK = RuntimeTypes.stackOf(Type.DOUBLE);

    private PartialsOnTape() {
    }

    /** The names of the methods of {@code gradClass} that {@code bodies} call. */
    static Set<String> calledMethods(Type.Named gradClass, List<MethodDef> bodies) {
        Set<String> called = new HashSet<>();
        for (MethodDef method : bodies) {
            StatementWalker.expressions(method.body(), e -> {
                if (e instanceof Expr.InvokeStatic call && call.owner().equals(gradClass)) {
                    called.add(call.name());
                }
            });
        }
        return called;
    }

    /**
     * {@code first}'s reverse mode around its core, when the class calls the core ({@code called} holds
     * its name); else empty, and {@code first.reverse()} is {@code fGradient}, adjoint code and all.
     *
     * @param keepGradient whether {@code fGradient} is written: always for a user's method, whose
     *     {@code fGradient} is public; for a private helper's, only when something calls it
     */
    static Optional<Methods> write(GradClassWriter.FirstOrder first, Type.Named gradClass, Set<String> called,
            boolean keepGradient) {
        MethodDef gradient = first.reverse();
        String coreName = GradNames.ontoTape(gradient.name());
        if (!called.contains(coreName) || first.vectorValued() || first.valueType() != Type.DOUBLE
                || !first.parameters().stream().allMatch(p -> p.type().isDouble())
                || gradient.parameters().stream().anyMatch(p -> p.type() instanceof Type.Array)
                || !(last(gradient) instanceof Stmt.Return r && r.value() instanceof Expr.New record)) {
            return Optional.empty();
        }
        List<Stmt> body = new ArrayList<>(gradient.body().statements());
        body.remove(body.size() - 1);
        // The sweeps' own tape, when their loops use one, is the tape the core is given.
        Variable tape = body.stream().filter(PartialsOnTape::takesThreadTape).map(s -> ((Stmt.Declare) s).variable())
                .findFirst().orElse(Variable.generated("doubleTape", DOUBLE_STACK));
        body.removeIf(PartialsOnTape::takesThreadTape);
        List<Expr> components = record.arguments();
        for (int i = components.size() - 1; i >= 1; i--) {
            body.add(new Stmt.Evaluate(RuntimeTypes.push(tape, components.get(i))));
        }
        body.add(new Stmt.Return(components.get(0), SourcePosition.NONE));
        List<Variable> parameters = new ArrayList<>(gradient.parameters());
        parameters.add(tape);
        MethodDef core = new MethodDef(coreName, Type.DOUBLE, parameters, new Stmt.Block(body), List.of(
                "Reverse mode of {@link #" + first.sourceMethod() + "} for the methods of this class that call it:"
                        + " returns its value and pushes its partial derivatives onto the tape it is given, the last"
                        + " parameter's first, for the caller to pop right after the call in parameter order. What"
                        + " the sweeps push, they pop: the partials are all the call leaves on the tape."));
        return Optional.of(new Methods(keepGradient ? wrapper(gradient, first, gradClass, coreName) : null, core));
    }

    /** {@code fGradient}: the thread's tape, the core's value, the partials popped into the record. */
    private static MethodDef wrapper(MethodDef gradient, GradClassWriter.FirstOrder first, Type.Named gradClass,
            String coreName) {
        Variable tape = Variable.generated("doubleTape", DOUBLE_STACK);
        List<Stmt> body = new ArrayList<>();
        body.add(new Stmt.Declare(tape, RuntimeTypes.threadTape(DOUBLE_STACK), SourcePosition.NONE));
        List<Expr> arguments = new ArrayList<>(gradient.parameters().stream().map(Exprs::ref).toList());
        arguments.add(Exprs.ref(tape));
        Variable value = Variable.generated("value", Type.DOUBLE);
        body.add(new Stmt.Declare(value, new Expr.InvokeStatic(gradClass, coreName, arguments, Type.DOUBLE),
                SourcePosition.NONE));
        List<Expr> components = new ArrayList<>();
        components.add(Exprs.ref(value));
        for (String partialName : first.partialNames()) {
            Variable partial = Variable.generated(partialName, Type.DOUBLE);
            body.add(new Stmt.Declare(partial, RuntimeTypes.pop(tape, Type.DOUBLE), SourcePosition.NONE));
            components.add(Exprs.ref(partial));
        }
        body.add(new Stmt.Return(new Expr.New((Type.Named) gradient.returnType(), components), SourcePosition.NONE));
        return new MethodDef(gradient.name(), gradient.returnType(), gradient.parameters(), new Stmt.Block(body),
                gradient.javadoc());
    }

    private static Stmt last(MethodDef method) {
        List<Stmt> statements = method.body().statements();
        return statements.isEmpty() ? null : statements.get(statements.size() - 1);
    }

    /** {@code DoubleStack doubleTape = DoubleStack.forThisThread();} */
    private static boolean takesThreadTape(Stmt s) {
        return s instanceof Stmt.Declare d && d.variable().type().equals(DOUBLE_STACK)
                && RuntimeTypes.isThreadTape(d.init());
    }
}
