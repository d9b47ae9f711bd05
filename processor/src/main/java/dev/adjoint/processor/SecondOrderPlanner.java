package dev.adjoint.processor;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.emit.BytecodeEstimate;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.forward.ForwardTransform;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import dev.adjoint.processor.reverse.ReverseTransform;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Decides which methods of a round get second-order code and builds it: the tangent function of
 * each method that asks for a Hessian and of every method of the round it calls, that function's
 * reverse mode, and, for the askers, the Hessian methods.
 */
final class SecondOrderPlanner {

    private final ProcessingEnvironment environment;

    SecondOrderPlanner(ProcessingEnvironment environment) {
        this.environment = environment;
    }

    /**
     * Second order, for the methods that ask for it (hessian = true) and every method of this round
     * they call: the tangent function and its reverse mode, and for the askers the Hessian methods.
     * A method whose tangent cannot be built (a call through first-order rules, a library method
     * without second-order code) fails, and so do the methods that need it.
     */
    void plan(List<MethodResult> all) {
        Map<String, MethodResult> byKey = new LinkedHashMap<>();
        all.forEach(r -> byKey.put(Calls.key(environment.getElementUtils(), r.element), r));
        Set<MethodResult> needed = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<MethodResult> work = new java.util.ArrayDeque<>();
        for (MethodResult r : all) {
            if (r.succeeded() && GradNames.requestsHessian(r.element)) {
                work.add(r);
            }
        }
        while (!work.isEmpty()) {
            MethodResult r = work.poll();
            if (!needed.add(r)) {
                continue;
            }
            Calls.forEachDifferentiable(r.function, call -> {
                MethodResult callee = byKey.get(Calls.key(call.target()));
                if (callee != null && callee.succeeded()) {
                    work.add(callee);
                }
            });
        }
        Map<MethodResult, GradClassWriter.SecondOrder> built = new LinkedHashMap<>();
        Map<MethodResult, String> failures = new LinkedHashMap<>();
        for (MethodResult r : needed) {
            try {
                GradClassWriter.SecondOrder second = tangentOf(r);
                for (MethodDef method : List.of(second.tangent(), second.tangentGradient())) {
                    int estimate = BytecodeEstimate.of(method);
                    if (estimate > BytecodeEstimate.LIMIT) {
                        throw new IllegalArgumentException(Message.METHOD_TOO_LONG.format(r.function.name(), method.name(),
                                estimate));
                    }
                }
                built.put(r, second);
            } catch (ForwardTransform.NoSecondOrder e) {
                failures.put(r, Message.NO_SECOND_ORDER.format(r.function.name(), e.getMessage()));
            } catch (IllegalArgumentException tooLong) {
                failures.put(r, tooLong.getMessage());
            } catch (RuntimeException e) {
                failures.put(r, Message.INTERNAL_ERROR.format(r.function.name(), e.toString()));
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (MethodResult r : needed) {
                if (failures.containsKey(r)) {
                    continue;
                }
                CallTarget[] missing = {null};
                Calls.forEachDifferentiable(r.function, call -> {
                    MethodResult callee = byKey.get(Calls.key(call.target()));
                    if (callee != null ? failures.containsKey(callee) || !needed.contains(callee)
                            : !hasCompiledTangent(call.target())) {
                        missing[0] = call.target();
                    }
                });
                if (missing[0] != null) {
                    boolean thisRound = byKey.containsKey(Calls.key(missing[0]));
                    failures.put(r, (thisRound ? Message.NO_SECOND_ORDER_TRANSITIVE : Message.NO_SECOND_ORDER_CALLEE)
                            .format(r.function.name(), missing[0].name()));
                    changed = true;
                }
            }
        }
        for (MethodResult r : needed) {
            boolean requested = GradNames.requestsHessian(r.element);
            if (failures.containsKey(r)) {
                if (requested) {
                    environment.getMessager().printMessage(Diagnostic.Kind.ERROR, failures.get(r), r.element);
                }
                continue;
            }
            GradClassWriter.SecondOrder second = built.get(r);
            r.derivatives = new GradClassWriter.Derivatives(r.derivatives.firstOrder(),
                    Optional.of(new GradClassWriter.SecondOrder(second.tangent(), second.tangentGradient(),
                            second.record(), second.parameters(), requested)));
        }
    }

    private boolean hasCompiledTangent(CallTarget target) {
        TypeElement grad = environment.getElementUtils().getTypeElement(target.gradOwner().qualifiedName());
        return grad != null && grad.getEnclosedElements().stream()
                .anyMatch(e -> e.getSimpleName().contentEquals(GradNames.tangentMethod(target.name())));
    }

    /** The tangent function of a method and its reverse mode. */
    private GradClassWriter.SecondOrder tangentOf(MethodResult result) {
        Function tangent = ForwardTransform.tangentFunction(result.function, result.activity);
        Diagnostics diagnostics = new Diagnostics();
        Activity tangentActivity = Activity.of(tangent, diagnostics);
        if (diagnostics.hasErrors()) {
            throw new IllegalStateException("the tangent function of " + result.function.name() + " does not check");
        }
        Type.Named tangentRecord = GradNames.tangentRecord(result.derivatives.firstOrder().record());
        MethodDef tangentMethod = new MethodDef(tangent.name(), Type.DOUBLE, tangent.parameters(), tangent.body(),
                List.of("The derivative of {@link #" + result.function.name() + "} along the direction given by the"
                        + " {@code ...Dot} arguments, as a plain method; its reverse mode gives Hessian-vector products."));
        return new GradClassWriter.SecondOrder(tangentMethod,
                ReverseTransform.transform(tangent, tangentActivity, tangentRecord),
                tangentRecord,
                tangent.differentiableParameters(),
                false);
    }

}
