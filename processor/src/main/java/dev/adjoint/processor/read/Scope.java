package dev.adjoint.processor.read;

import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The locals and parameters visible at a point of the body, block by block. */
final class Scope {

    private final Deque<Map<String, Variable>> blocks = new ArrayDeque<>();
    /**
     * The record parameters, read through their components only: {@code p}, and {@code this} in a
     * method of a record. Parameters, so visible in the whole body.
     */
    private final Map<String, RecordShape> records = new HashMap<>();
    /** Array variables that are second names of an array that exists ({@link ArrayAliases}): what each names. */
    private final Map<Variable, dev.adjoint.processor.ir.Expr> aliases = new java.util.IdentityHashMap<>();
    /**
     * Local records ({@code Point p = polar(r, t);}): each declared in its block as a variable of the
     * record's type that {@link #lookup} does not give, so that it is visible exactly where Java's
     * local is, with the shape of its leaves here.
     */
    private final Map<Variable, RecordShape> localRecords = new java.util.IdentityHashMap<>();
    /** Parameters whose type was refused: reported on the parameter, so reading one says nothing more. */
    private final Set<String> refused = new HashSet<>();

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

    /**
     * A copy of what is visible here, to read code again here later: the rest of a switch case, read
     * into each branch that reaches it.
     */
    List<Map<String, Variable>> save() {
        List<Map<String, Variable>> saved = new ArrayList<>();
        for (Map<String, Variable> block : blocks) {
            saved.add(new HashMap<>(block));
        }
        return saved;
    }

    /** Makes visible exactly what was when {@code saved} was taken (a copy of it, which stays as it was). */
    void restore(List<Map<String, Variable>> saved) {
        blocks.clear();
        for (Map<String, Variable> block : saved) {
            blocks.addLast(new HashMap<>(block));
        }
    }

    /** Declares {@code alias}, a second name for the array {@code target}. */
    void declareAlias(Variable alias, dev.adjoint.processor.ir.Expr target) {
        declare(alias);
        aliases.put(alias, target);
    }

    /** What {@code v} names, when it is an alias. */
    Optional<dev.adjoint.processor.ir.Expr> aliased(Variable v) {
        return Optional.ofNullable(aliases.get(v));
    }

    /** A second name in scope whose target reads the array variable {@code array}, if any. */
    Optional<Variable> aliasOf(Variable array) {
        for (Map<String, Variable> block : blocks) {
            for (Variable v : block.values()) {
                dev.adjoint.processor.ir.Expr target = aliases.get(v);
                if (target != null && dev.adjoint.processor.ir.StatementWalker.reads(target, array)) {
                    return Optional.of(v);
                }
            }
        }
        return Optional.empty();
    }

    void declareRefused(String name) {
        refused.add(name);
    }

    /** Whether {@code name} is a parameter whose type was refused (and no local hides it). */
    boolean refused(String name) {
        return refused.contains(name) && lookup(name).isEmpty();
    }

    void declareRecord(String name, RecordShape shape) {
        records.put(name, shape);
    }

    /** Declares the local record {@code name}, read through the leaves of {@code shape}, in the current block. */
    void declareLocalRecord(String name, RecordShape shape) {
        Variable record = new Variable(name, shape.type(), Variable.Origin.LOCAL);
        localRecords.put(record, shape);
        declare(record);
    }

    /** The record parameter or local record named {@code name}, unless a local of that name hides it. */
    Optional<RecordShape> record(String name) {
        Optional<Variable> declared = declared(name);
        return declared.isPresent() ? Optional.ofNullable(localRecords.get(declared.get()))
                : Optional.ofNullable(records.get(name));
    }

    /** The local or parameter named {@code name} (not a local record: those are read through {@link #record}). */
    Optional<Variable> lookup(String name) {
        return declared(name).filter(v -> !localRecords.containsKey(v));
    }

    private Optional<Variable> declared(String name) {
        for (Map<String, Variable> block : blocks) {
            Variable v = block.get(name);
            if (v != null) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
