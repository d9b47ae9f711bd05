package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.mul;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.UnaryOp;
import dev.adjoint.processor.ir.Variable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of a straight-line statement's value that read one active variable through a long chain of
 * sums and products, each differentiated in the forward sweep: a polynomial by Horner's rule,
 * {@code t * (1.00002368 + t * (0.37409196 + t * ...))}, gets its derivative in {@code t} by Horner's
 * rule too, {@code tPartial = tmp9 + t * (tmp8 + t * (...))}, beside its value, and the adjoint sweep
 * sends {@code tAdj += adj * tPartial}.
 *
 * <p>Differentiated in the adjoint sweep, the chain of products waits for the seed, which waits for
 * everything the statement feeds (the {@code exp} of the polynomial, the caller's sweep); differentiated
 * in the forward sweep, it depends on {@code t} alone and overlaps the primal's slow operations, and the
 * nested form needs no temporaries. Erfc by its Chebyshev fit: reverse mode 27.4 ns before this, 21.2 ns
 * with it (BENCHMARKS.md). Shorter chains stay where they are: a product or two gain nothing by moving.
 *
 * <p>Only sums, differences, products, negations and {@code Math} calls whose partials are finite
 * wherever their value is: the derivative is then the tangent of forward mode with the variable's
 * tangent 1, in which a zero times an infinite factor cannot arise from finite values short of an
 * overflow. A quotient or a singular call ({@code sqrt} at 0) could make one, where reverse mode's strong
 * zero gives exactly 0.
 *
 * <p>Takes an expression whose values are named in the forward sweep; gives, for each part it covers,
 * that part's value in terms of the named values and its contribution to its variable's adjoint.
 */
final class Preaccumulated {

    /** How many active operations in a row a part must chain before its partial is taken in the forward sweep. */
    private static final int LONGEST_CHAIN = 4;

    private static final Preaccumulated NONE = new Preaccumulated(Map.of());

    /** A covered part: the variable it reads, its value and its partial (an atom of the forward sweep). */
    private record Part(Variable variable, Expr primal, Expr partial) {
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
     * {@code temps} with its partial: the largest {@link #polynomial} parts whose one active variable is a
     * {@code double} read through at least {@link #LONGEST_CHAIN} active operations in a row. Not inside a
     * {@code ?:}, whose arms may not run, and none in a value that calls a method other than {@code Math}'s:
     * a part's values are computed before the rest of the value, and a call before it in Java's order of
     * evaluation could change an element it reads.
     */
    static Preaccumulated in(Expr root, Activity activity, Temporaries temps) {
        if (!temps.declares() || callsAnything(root)) {
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
                parts.put(e, part(e, variable, activity, temps));
            }
            return;
        }
        StatementWalker.children(e).forEach(child -> collect(child, activity, temps, parts));
    }

    private static boolean callsAnything(Expr root) {
        boolean[] calls = {false};
        StatementWalker.walk(root, e -> calls[0] |= e instanceof Expr.Call || e instanceof Expr.Invoke
                || e instanceof Expr.InvokeStatic || e instanceof Expr.New || e instanceof Expr.NewArray);
        return calls[0];
    }

    /** Names the values of {@code e} and then its partial in {@code variable}. */
    private static Part part(Expr e, Variable variable, Activity activity, Temporaries temps) {
        temps.comment("A part of the statement below that reads one variable alone, and its partial");
        NamedValues values = new NamedValues(e, null, activity, null, temps, NONE);
        Expr partial = temps.atom(tangent(e, variable, values, activity),
                Variable.derived(variable, "Partial", Type.DOUBLE));
        return new Part(variable, values.primal(), partial);
    }

    /**
     * The derivative of the {@link #polynomial} {@code e} in {@code variable}, from the values named for
     * it: forward mode's rules with the variable's tangent 1 and every other tangent 0.
     */
    private static Expr tangent(Expr e, Variable variable, NamedValues values, Activity activity) {
        if (!activity.isActive(e)) {
            return Exprs.ZERO;
        }
        if (e instanceof Expr.Ref ref) {
            return ref.variable() == variable ? Exprs.ONE : Exprs.ZERO;
        }
        if (e instanceof Expr.Unary unary) {
            Expr operand = tangent(unary.operand(), variable, values, activity);
            return unary.op() == UnaryOp.NEG ? Exprs.neg(operand) : operand;
        }
        if (e instanceof Expr.Binary b) {
            Expr left = tangent(b.left(), variable, values, activity);
            Expr right = tangent(b.right(), variable, values, activity);
            return switch (b.op()) {
                case ADD -> add(left, right);
                case SUB -> Exprs.sub(left, right);
                // d(a * a) = 2 (a da), the exact doubling last, as both modes write it.
                case MUL -> Exprs.sameValue(b.left(), b.right())
                        ? mul(Exprs.number(2), mul(left, values.value(b.left())))
                        : add(mul(left, values.value(b.right())), mul(values.value(b.left()), right));
                default -> throw new IllegalStateException("not a polynomial's operator: " + b.op());
            };
        }
        Expr.MathCall call = (Expr.MathCall) e;
        List<Expr> partials = values.mathPartials(call);
        Expr sum = Exprs.ZERO;
        for (int i = 0; i < partials.size(); i++) {
            sum = add(sum, mul(tangent(call.arguments().get(i), variable, values, activity), partials.get(i)));
        }
        return sum;
    }

    /**
     * The one active variable {@code e} reads, a {@code double}, where {@code e} is a {@link #polynomial};
     * else null.
     */
    private static Variable soleVariable(Expr e, Activity activity) {
        if (!Type.DOUBLE.equals(e.type()) || !polynomial(e, activity)) {
            return null;
        }
        Variable variable = LocalPartial.soleActiveVariable(e, activity);
        return variable != null && Type.DOUBLE.equals(variable.type()) ? variable : null;
    }

    /**
     * Whether {@code e} is built only of sums, differences, products, negations and {@code Math} calls
     * that are not singular, of {@code double}s, constants and inactive array elements.
     */
    private static boolean polynomial(Expr e, Activity activity) {
        boolean[] polynomial = {true};
        StatementWalker.walk(e, node -> polynomial[0] &= activity.isActive(node)
                ? node instanceof Expr.Ref
                        || node instanceof Expr.Unary unary && (unary.op() == UnaryOp.NEG || unary.op() == UnaryOp.PLUS)
                        || node instanceof Expr.Binary b && (b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB
                                || b.op() == BinaryOp.MUL)
                        || node instanceof Expr.MathCall call && !call.function().isSingular()
                : node instanceof Expr.Literal || node instanceof Expr.StaticField || node instanceof Expr.Ref
                        || node instanceof Expr.ArrayRead || node instanceof Expr.ArrayLength
                        || node instanceof Expr.Unary || node instanceof Expr.Binary || node instanceof Expr.Cast
                        || node instanceof Expr.MathCall);
        return polynomial[0];
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
        return parts.get(e).primal();
    }

    /** The variable the covered part {@code e} reads. */
    Variable variable(Expr e) {
        return parts.get(e).variable();
    }

    /** What the adjoint {@code seed} of the covered part {@code e} adds to its variable's adjoint. */
    Expr contribution(Expr e, Expr seed) {
        return mul(seed, parts.get(e).partial());
    }
}
