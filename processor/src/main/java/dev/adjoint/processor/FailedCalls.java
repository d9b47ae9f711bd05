package dev.adjoint.processor;

import com.sun.source.util.Trees;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.StatementWalker;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.util.Elements;

/**
 * A method calling one that failed would call generated code that does not exist: it fails too, on the
 * call, and so on until none is left to fail. This holds for the annotated methods and for the copies
 * of private helpers alike; a helper's own error is quoted on each call of it, with its line, since the
 * helper carries no annotation that would make its own lines the place to look.
 */
final class FailedCalls {

    private FailedCalls() {
    }

    static void reject(Elements elements, Trees trees, List<MethodResult> methods, List<HelperResult> helpers) {
        boolean changed = true;
        while (changed) {
            Set<String> failedMethods = new HashSet<>();
            methods.stream().filter(r -> !r.succeeded()).forEach(r -> failedMethods.add(Calls.key(elements, r.element())));
            Map<String, HelperResult> failedHelpers = new HashMap<>();
            helpers.stream().filter(h -> !h.succeeded()).forEach(h -> failedHelpers.put(h.name(), h));
            changed = false;
            for (MethodResult r : methods) {
                if (r.succeeded()) {
                    rejectCalls(trees, r.firstOrder().orElseThrow().function(), r.diagnostics(), failedMethods,
                            failedHelpers);
                    changed |= !r.succeeded();
                }
            }
            for (HelperResult h : helpers) {
                if (h.succeeded()) {
                    rejectCalls(trees, h.code().orElseThrow().function(), h.diagnostics(), failedMethods, failedHelpers);
                    changed |= !h.succeeded();
                }
            }
        }
    }

    private static void rejectCalls(Trees trees, Function function, Diagnostics diagnostics, Set<String> failedMethods,
            Map<String, HelperResult> failedHelpers) {
        StatementWalker.expressions(function.body(), e -> {
            if (!(e instanceof Expr.Call call)) {
                return;
            }
            CallTarget target = call.target();
            HelperResult helper = target.owner().equals(target.gradOwner()) ? failedHelpers.get(target.name()) : null;
            if (helper != null) {
                Optional<String> error = helper.diagnostics().firstError(trees);
                diagnostics.error(call.position(), Message.PRIVATE_HELPER_FAILED, helper.element().getSimpleName(),
                        error.orElse("it could not be read"));
            } else if (target.differentiable() && failedMethods.contains(Calls.key(target))) {
                diagnostics.error(call.position(), Message.CALLS_FAILED_METHOD, target.name());
            }
        });
    }
}
