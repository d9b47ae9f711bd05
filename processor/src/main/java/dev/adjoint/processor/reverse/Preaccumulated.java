package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parts of a straight-line statement's value that read one active variable through a long chain of
 * operations, each differentiated in the forward sweep: a polynomial by Horner's rule,
 * {@code t * (1.00002368 + t * (0.37409196 + t * ...))}, gets its partial with respect to {@code t},
 * {@code tPartial}, beside its value, and the adjoint sweep sends {@code tAdj += adj * tPartial}.
 *
 * <p>The work is the same either way, from the same rules ({@link LocalPartial}); what moves is when it
 * can run. Differentiated in the adjoint sweep, the chain of products waits for the seed, which waits for
 * everything the statement feeds (an {@code exp} of the polynomial, the caller's sweep); differentiated
 * in the forward sweep, it depends on {@code t} alone and overlaps the primal's slow operations. Erfc by
 * its Chebyshev fit: a reverse mode 25.0 ns against 21.3 ns (BENCHMARKS.md). Shorter chains stay where
 * they are: a product or two gain nothing by moving.
 *
 * <p>Takes an expression whose values are named in the forward sweep; gives, for each part it covers,
 * that part's value in terms of the named values and its contribution to its variable's adjoint.
 */
final class Preaccumulated {

    /** How many active operations in a row a part must chain before its partial is taken in the forward sweep. */
    static final int LONGEST_CHAIN = 4;

    private static final Preaccumulated NONE = new Preaccumulated(Map.of());

    /** A covered part: the variable it reads, its partial (an atom of the forward sweep) and its value. */
    private record Part(Variable variable, LocalPartial local, Expr partial) {
    }

    private final Map<Expr, Part> parts;

    private Preaccumulated(Map<Expr, Part> parts) {
        this.parts = parts;
    }

    /** Covers nothing: every part's adjoint is written in the adjoint sweep. */
    static Preaccumulated none() {
        return NONE;
    }

    /**
     * The parts of {@code root} worth differentiating in the forward sweep, each named through
     * {@code temps} with its partial: the largest parts built of arithmetic, casts and {@code Math} calls
     * whose one active variable is a {@code double} read through at least {@link #LONGEST_CHAIN} active
     * operations in a row. Not inside a {@code ?:}, whose arms may not run.
     */
    static Preaccumulated in(Expr root, Activity activity, Temporaries temps) {
        if (!temps.declares()) {
            return NONE;
        }
        Map<Expr, Part> parts = new IdentityHashMap<>();
        collect(root, activity, temps, parts);
        return parts.isEmpty() ? NONE : new Preaccumulated(parts);
    }

    private static void collect(Expr e, Activity activity, Temporaries temps, Map<Expr, Part> parts) {
        if (!activity.isActive(e) || e instanceof Expr.Conditional) {
            return;
        }
        Variable variable = soleVariable(e, activity);
        if (variable != null) {
            // Its parts read the same one variable through shorter chains: none is worth it alone.
            if (chain(e, activity) >= LONGEST_CHAIN) {
                temps.comment("A part of the statement below that reads one variable alone, and its partial");
                LocalPartial local = LocalPartial.of(e, activity, temps);
                Expr partial = temps.atom(local.partial(), Variable.derived(variable, "Partial", Type.DOUBLE));
                parts.put(e, new Part(variable, local, partial));
            }
            return;
        }
        StatementWalker.children(e).forEach(child -> collect(child, activity, temps, parts));
    }

    /**
     * The one active variable {@code e} reads, a {@code double}, where {@code e} is built only of
     * arithmetic, casts, {@code Math} calls, constants and inactive array elements; else null.
     */
    private static Variable soleVariable(Expr e, Activity activity) {
        if (!Type.DOUBLE.equals(e.type()) || !LocalPartial.plain(e, activity)) {
            return null;
        }
        Set<Variable> read = AdjointReads.newSet();
        StatementWalker.addVariables(e, read);
        read.removeIf(v -> !activity.isActive(v));
        if (read.size() != 1) {
            return null;
        }
        Variable variable = read.iterator().next();
        return Type.DOUBLE.equals(variable.type()) ? variable : null;
    }

    /** The most active operations on one path from {@code e} down to a variable. */
    private static int chain(Expr e, Activity activity) {
        if (!activity.isActive(e) || e instanceof Expr.Ref) {
            return 0;
        }
        int longest = 0;
        for (Expr child : StatementWalker.children(e)) {
            longest = Math.max(longest, chain(child, activity));
        }
        return longest + 1;
    }

    /** Whether {@code e} is a covered part, whose value and adjoint come from here. */
    boolean covers(Expr e) {
        return parts.containsKey(e);
    }

    /** The value of the covered part {@code e}, in terms of the values named for its partial. */
    Expr primal(Expr e) {
        return parts.get(e).local().primal();
    }

    /** The variable the covered part {@code e} reads. */
    Variable variable(Expr e) {
        return parts.get(e).variable();
    }

    /** What the adjoint {@code seed} of the covered part {@code e} adds to its variable's adjoint. */
    Expr contribution(Expr e, Expr seed) {
        Part part = parts.get(e);
        return part.local().times(seed, part.partial());
    }
}
