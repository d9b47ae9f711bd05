package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.NamePart;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Gives every variable of a generated method a Java name, one that no other variable in scope where it
 * is has ({@link Scopes}: the user's two loops may both keep their {@code i}). Parameters keep theirs, then
 * the user's locals are named before generated ones, so the user's names survive and a clash renames
 * the generated variable: {@code value2}, or for a temporary named after its value ({@code sinY})
 * the numbered name it falls back on ({@code tmp3}, not {@code sinY2}, which would read as
 * {@code sin(y2)}). A temporary with no name of its own is always numbered ({@code tmp1}); a name
 * built from other variables' names ({@link Variable#derived}) is built from the names given here.
 */
final class Names {

    private final Map<Variable, String> names = new IdentityHashMap<>();
    /** The variables named so far, by name: several only where their scopes do not overlap. */
    private final Map<String, List<Variable>> holders = new HashMap<>();
    private final Map<String, Integer> nextNumber = new HashMap<>();
    private final Scopes scopes;
    /** The class whose methods {@link #redirectedCalls} renames, and how; none by default. */
    private Type.Named callOwner;
    private Map<String, String> redirectedCalls = Map.of();

    private Names(Scopes scopes) {
        this.scopes = scopes;
    }

    /**
     * Calls of {@code owner}'s methods named in {@code redirected} call the method it maps them to
     * instead: a forward sweep calls the sweeps of its own class's methods, which their callers' own
     * checks cover ({@link ForwardFallback}), rather than their checking entry points.
     */
    Names redirectingCalls(Type.Named owner, Map<String, String> redirected) {
        this.callOwner = owner;
        this.redirectedCalls = Map.copyOf(redirected);
        return this;
    }

    /** The name a call of {@code owner}'s method {@code name} prints. */
    String method(Type.Named owner, String name) {
        return owner.equals(callOwner) ? redirectedCalls.getOrDefault(name, name) : name;
    }

    static Names of(MethodDef method) {
        Names result = new Names(Scopes.of(method.body()));
        Set<Variable> seen = new LinkedHashSet<>(method.parameters());
        collect(method.body(), seen);
        // A statement a comment quotes reads variables the code around it names; any other comes last.
        StatementWalker.forEachStatement(method.body(), s -> {
            if (s instanceof Stmt.Comment comment && comment.quoted() != null) {
                collect(comment.quoted(), seen);
            }
        });
        List<Variable> ordered = new ArrayList<>(seen);
        ordered.stream().filter(v -> v.origin() != Variable.Origin.GENERATED).forEach(result::allocate);
        // A name built from others is built once they are named (stable sort: first seen, first named).
        ordered.stream().filter(v -> v.origin() == Variable.Origin.GENERATED)
                .sorted(Comparator.comparingInt(Names::derivationDepth)).forEach(result::allocate);
        return result;
    }

    /** 0 for a name of its own, else one more than the deepest generated variable the name is built from. */
    private static int derivationDepth(Variable v) {
        int depth = 0;
        for (NamePart part : v.nameParts()) {
            if (part.variable() != null && part.variable().origin() == Variable.Origin.GENERATED) {
                depth = Math.max(depth, derivationDepth(part.variable()));
            }
        }
        return v.nameParts().isEmpty() ? 0 : depth + 1;
    }

    /**
     * Adds the variables of {@code body} in the order they first appear: a statement's own (the
     * variable it declares or assigns, then those its expressions read) before its nested statements'.
     */
    private static void collect(Stmt body, Set<Variable> seen) {
        StatementWalker.forEachStatement(body, s -> {
            if (s instanceof Stmt.Declare d) {
                seen.add(d.variable());
            } else if (s instanceof Stmt.Assign a) {
                seen.add(a.variable());
            }
            for (Expr e : StatementWalker.ownExpressions(s)) {
                StatementWalker.addVariables(e, seen);
            }
        });
    }

    private void allocate(Variable v) {
        String base = v.nameParts().isEmpty() ? v.name()
                : NamePart.join(v.nameParts(), part -> names.getOrDefault(part, part.name()));
        String name = v.fallbackBase() != null && !available(base, v) ? numbered(v.fallbackBase(), true, v)
                : numbered(base, v.numbered(), v);
        names.put(v, name);
        holders.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
    }

    /** Whether {@code v} may be called {@code name}: no variable of that name is in scope where {@code v} is. */
    private boolean available(String name, Variable v) {
        return SourceVersion.isName(name)
                && holders.getOrDefault(name, List.of()).stream().noneMatch(other -> scopes.overlap(other, v));
    }

    /** {@code base}, or when it is taken or {@code always} is set, {@code base} with the next free number. */
    private String numbered(String base, boolean always, Variable v) {
        if (!always && available(base, v)) {
            return base;
        }
        // Numbering resumes where the base's last name stopped: hundreds of "tmp"s stay linear, and
        // numbers are not reused, so tmp3 is one variable even where scopes would allow two.
        int n = nextNumber.getOrDefault(base, always ? 1 : 2);
        String name = base + n++;
        while (!available(name, v)) {
            name = base + n++;
        }
        nextNumber.put(base, n);
        return name;
    }

    String of(Variable v) {
        String name = names.get(v);
        if (name == null) {
            throw new IllegalStateException("no name for " + v);
        }
        return name;
    }
}
