package dev.adjoint.processor;

import com.sun.source.util.Trees;
import dev.adjoint.processor.analyze.ReplayableLoops;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.read.MethodReader;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The {@code @Differentiable} methods a checkpointed loop may call: those compiled in this round whose
 * bodies, read again, call nothing but {@code Math}'s and the number classes' methods and other such
 * methods, and make no call for its effect; so that running a stretch of the loop again gives what it
 * gave the first time. A method from a jar has no body to read, so it is not one of them. A recursive
 * call counts as replayable while its method is being checked: the rest of the body decides. Answers
 * are remembered for the round, except those found inside another method's check, which rest on it.
 */
final class ReplayableCallees implements ReplayableLoops.Callees {

    private final Elements elements;
    private final Trees trees;
    private final MethodReader reader;
    private final Map<ExecutableElement, Boolean> known = new HashMap<>();
    private final Set<ExecutableElement> checking = new HashSet<>();

    ReplayableCallees(Elements elements, Trees trees, MethodReader reader) {
        this.elements = elements;
        this.trees = trees;
        this.reader = reader;
    }

    @Override
    public boolean replayable(CallTarget target) {
        ExecutableElement method = methodOf(target);
        if (method == null || trees.getTree(method) == null) {
            return false;
        }
        if (known.containsKey(method)) {
            return known.get(method);
        }
        if (checking.contains(method)) {
            return true;
        }
        checking.add(method);
        Optional<Function> function = reader.read(method, new Diagnostics());
        boolean replayable = function.isPresent() && ReplayableLoops.replayable(function.get(), this);
        checking.remove(method);
        if (checking.isEmpty() || !replayable) {
            known.put(method, replayable);
        }
        return replayable;
    }

    /** The method {@code target} calls, matched as calls and methods are ({@link Calls#key}); null if not found. */
    private ExecutableElement methodOf(CallTarget target) {
        TypeElement owner = elements.getTypeElement(target.owner().qualifiedName());
        if (owner == null) {
            return null;
        }
        String key = Calls.key(target);
        return ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
                .filter(m -> Calls.key(elements, m).equals(key))
                .findFirst().orElse(null);
    }
}
