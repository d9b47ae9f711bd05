package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The locals and parameters visible at a point of the body, block by block. */
final class Scope {

    private final Deque<Map<String, Variable>> blocks = new ArrayDeque<>();

    Scope() {
        enter();
    }

    void enter() {
        blocks.push(new HashMap<>());
    }

    void exit() {
        blocks.pop();
    }

    void declare(Variable variable) {
        blocks.peek().put(variable.name(), variable);
    }

    Optional<Variable> lookup(String name) {
        for (Map<String, Variable> block : blocks) {
            Variable v = block.get(name);
            if (v != null) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
