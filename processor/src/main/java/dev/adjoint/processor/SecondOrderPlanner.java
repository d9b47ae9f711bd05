package dev.adjoint.processor;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.forward.ForwardTransform;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import dev.adjoint.processor.reverse.ReverseTransform;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Decides which methods of a round get second-order code and builds it: the tangent function of
 * each method that asks for a Hessian and of every method of the round it calls, that function's
 * reverse mode, and, for the askers, the Hessian methods.
 */
final class SecondOrderPlanner {

    private final Elements elements;

    SecondOrderPlanner(Elements elements) {
        this.elements = elements;
    }

    /**
     * Second order, for the methods that ask for it (hessian = true) and every method of this round
     * they call. A method whose tangent cannot be built (a call through first-order rules, a library
     * method without second-order code) gets none, and neither do the methods that need it; the
     * askers among them get the error. A method's first-order code stands either way.
     *
     * @param all every method of the round, the failed ones included
     * @return the second-order part of each method that gets one
     */
    Map<ExecutableElement, GradClassWriter.SecondOrder> plan(List<MethodResult> all) {
        Map<String, MethodResult> byKey = new LinkedHashMap<>();
        all.forEach(r -> byKey.put(Calls.key(elements, r.element()), r));
        Map<ExecutableElement, MethodResult> needed = needed(all, byKey);
        Map<ExecutableElement, GradClassWriter.SecondOrder> built = new LinkedHashMap<>();
        Map<ExecutableElement, MethodRejected> failures = new LinkedHashMap<>();
        for (MethodResult r : needed.values()) {
            FirstOrderMethod firstOrder = r.firstOrder().orElseThrow();
            boolean requested = GradNames.requestsHessian(r.element());
            StageGuard.attempt(firstOrder.function().name(), () -> Optional.of(secondOrder(firstOrder, requested)),
                    rejected -> failures.put(r.element(), rejected))
                    .ifPresent(second -> built.put(r.element(), second));
        }
        failCallersOfFailures(needed, byKey, failures);
        failures.forEach((method, failure) -> {
            if (GradNames.requestsHessian(method)) {
                // On the method's element, as javac places an error on a declaration.
                needed.get(method).diagnostics().error(SourcePosition.NONE, failure.message(), failure.arguments());
            }
        });
        built.keySet().removeAll(failures.keySet());
        return built;
    }

    /** The askers that succeeded so far, and every method of this round they call, directly or not. */
    private static Map<ExecutableElement, MethodResult> needed(List<MethodResult> all,
            Map<String, MethodResult> byKey) {
        Map<ExecutableElement, MethodResult> needed = new LinkedHashMap<>();
        ArrayDeque<MethodResult> work = new ArrayDeque<>();
        for (MethodResult r : all) {
            if (r.succeeded() && GradNames.requestsHessian(r.element())) {
                work.add(r);
            }
        }
        while (!work.isEmpty()) {
            MethodResult r = work.poll();
            if (needed.putIfAbsent(r.element(), r) != null) {
                continue;
            }
            Calls.forEachDifferentiable(r.firstOrder().orElseThrow().function(), call -> {
                MethodResult callee = byKey.get(Calls.key(call.target()));
                if (callee != null && callee.succeeded()) {
                    work.add(callee);
                }
            });
        }
        return needed;
    }

    /**
     * A method calling one without second-order code cannot have any either: the failures spread to
     * the callers, until none is left to fail.
     */
    private void failCallersOfFailures(Map<ExecutableElement, MethodResult> needed, Map<String, MethodResult> byKey,
            Map<ExecutableElement, MethodRejected> failures) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (MethodResult r : needed.values()) {
                if (failures.containsKey(r.element())) {
                    continue;
                }
                CallTarget[] missing = {null};
                Calls.forEachDifferentiable(r.firstOrder().orElseThrow().function(), call -> {
                    MethodResult callee = byKey.get(Calls.key(call.target()));
                    if (callee != null ? failures.containsKey(callee.element()) || !needed.containsKey(callee.element())
                            : !hasCompiledTangent(call.target())) {
                        missing[0] = call.target();
                    }
                });
                if (missing[0] != null) {
                    boolean thisRound = byKey.containsKey(Calls.key(missing[0]));
                    failures.put(r.element(), new MethodRejected(
                            thisRound ? Message.NO_SECOND_ORDER_TRANSITIVE : Message.NO_SECOND_ORDER_CALLEE,
                            r.firstOrder().orElseThrow().function().name(), missing[0].name()));
                    changed = true;
                }
            }
        }
    }

    private boolean hasCompiledTangent(CallTarget target) {
        TypeElement grad = elements.getTypeElement(target.gradOwner().qualifiedName());
        return grad != null && grad.getEnclosedElements().stream()
                .anyMatch(e -> e.getSimpleName().contentEquals(GradNames.tangentMethod(target.name())));
    }

    /** The tangent function of a method and its reverse mode, with the Hessian methods when asked for. */
    private static GradClassWriter.SecondOrder secondOrder(FirstOrderMethod firstOrder, boolean hessianMethods)
            throws MethodRejected {
        Function function = firstOrder.function();
        GradClassWriter.SecondOrder second;
        try {
            second = tangentOf(firstOrder, hessianMethods);
        } catch (ForwardTransform.NoSecondOrder e) {
            if (e.returnedRecord() != null) {
                throw new MethodRejected(Message.NO_SECOND_ORDER_RECORD_CALL, function.name(), e.getMessage(),
                        e.returnedRecord());
            }
            throw new MethodRejected(e.vectorValued() ? Message.NO_SECOND_ORDER_VECTOR_CALL : Message.NO_SECOND_ORDER,
                    function.name(), e.getMessage());
        }
        SizeLimit.check(function.name(), second.tangent(), second.tangentGradient());
        return second;
    }

    private static GradClassWriter.SecondOrder tangentOf(FirstOrderMethod firstOrder, boolean hessianMethods) {
        Function function = firstOrder.function();
        Function tangent = ForwardTransform.tangentFunction(function, firstOrder.read().activity());
        Diagnostics diagnostics = new Diagnostics();
        Activity tangentActivity = Activity.of(tangent, diagnostics);
        if (diagnostics.hasErrors()) {
            throw new IllegalStateException("the tangent function of " + function.name() + " does not check");
        }
        Type.Named tangentRecord = GradNames.tangentRecord(firstOrder.code().record());
        // A record parameter and its direction are taken apart first, as the first-order methods do.
        List<Stmt> body = new ArrayList<>();
        for (Variable p : tangent.signature()) {
            if (tangent.recordOf(p) != null) {
                body.addAll(tangent.recordOf(p).unpack(Exprs.ref(p)));
            }
        }
        body.addAll(tangent.body().statements());
        MethodDef tangentMethod = new MethodDef(tangent.name(), Type.DOUBLE, tangent.signature(), new Stmt.Block(body),
                List.of("The derivative of {@link #" + function.name() + "} along the direction given by the"
                        + " {@code ...Dot} arguments, as a plain method; its reverse mode gives Hessian-vector products."));
        return new GradClassWriter.SecondOrder(tangentMethod,
                ReverseTransform.transform(tangent, tangentActivity, tangentRecord),
                tangentRecord,
                tangent.differentiableSignature(),
                hessianMethods);
    }
}
