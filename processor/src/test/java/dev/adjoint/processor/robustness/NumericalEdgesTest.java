package dev.adjoint.processor.robustness;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Dual;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * IEEE edge values: NaN, infinities, and the points where a derivative is infinite or only a
 * convention defines it (README, Conventions). At every point the value must be bit for bit the
 * original method's, in both modes, and the derivative exactly the expected one in both modes
 * (NaN expects NaN). {@link GradientChecker#check} cannot be used here (finite differences and the
 * forward/reverse tolerance are meaningless with NaN and infinities), so the modes are called one by
 * one: forward mode once per {@code double} parameter seeded with {@link Dual#variable}, reverse
 * mode once.
 */
class NumericalEdgesTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Edges {
                @Differentiable
                public static double square(double x) {
                    return x * x;
                }

                @Differentiable
                public static double exp(double x) {
                    return Math.exp(x);
                }

                @Differentiable
                public static double reciprocal(double x) {
                    return 1 / x;
                }

                @Differentiable
                public static double tanh(double x) {
                    return Math.tanh(x);
                }

                @Differentiable
                public static double sqrt(double x) {
                    return Math.sqrt(x);
                }

                @Differentiable
                public static double sqrtPlus(double x, double y) {
                    return Math.sqrt(x) + y;
                }

                @Differentiable
                public static double log(double x) {
                    return Math.log(x);
                }

                @Differentiable
                public static double pow(double a, double b) {
                    return Math.pow(a, b);
                }

                @Differentiable
                public static double powOfZero(double b) {
                    return Math.pow(0.0, b);
                }

                @Differentiable
                public static double powTwo(double a) {
                    return Math.pow(a, 2);
                }

                @Differentiable
                public static double powOne(double a) {
                    return Math.pow(a, 1);
                }

                @Differentiable
                public static double powHalf(double a) {
                    return Math.pow(a, 0.5);
                }

                @Differentiable
                public static double shiftedSquare(double x) {
                    return Math.pow(x - 2, 2);
                }

                @Differentiable
                public static double abs(double x) {
                    return Math.abs(x);
                }

                @Differentiable
                public static double max(double a, double b) {
                    return Math.max(a, b);
                }

                @Differentiable
                public static double min(double a, double b) {
                    return Math.min(a, b);
                }

                @Differentiable
                public static double softplusSharedExp(double x) {
                    double e = Math.exp(x);
                    return x > 30 ? x : Math.log1p(e);
                }

                @Differentiable
                public static double overflowInBranchNotTaken(double x) {
                    double big = Math.exp(1000 * x);
                    double r = x;
                    if (x > 100) {
                        r = big;
                    }
                    return r;
                }

                @Differentiable
                public static double overwrittenOverflow(double x) {
                    double y = Math.exp(x);
                    y = 2 * x;
                    return y;
                }

                @Differentiable
                public static double clampedExp(double x) {
                    return Math.min(Math.exp(x), 5.0) + Math.max(-Math.exp(x), -7.0);
                }

                @Differentiable
                public static double softplusSum(double x) {
                    double s = 0;
                    for (int i = 1; i <= 3; i++) {
                        double e = Math.exp(x * i);
                        s += x * i > 30 ? x * i : Math.log1p(e);
                    }
                    return s;
                }

                /** Issue 16's example: a Gaussian log-likelihood. */
                @Differentiable
                public static double gaussLogLikelihood(double[] data, double mu, double sigma) {
                    double s = 0;
                    for (double x : data) {
                        double z = (x - mu) / sigma;
                        s -= 0.5 * z * z + Math.log(sigma);
                    }
                    return s;
                }

                public record Point(double x, double y) {
                }

                @Differentiable
                public static double[] polar(double r, double t) {
                    return new double[] {r * Math.cos(t), r * Math.sin(t)};
                }

                @Differentiable
                public static Point polarPoint(double r, double t) {
                    return new Point(r * Math.cos(t), r * Math.sin(t));
                }

                @Differentiable
                public static double overSquare(double x, double y) {
                    return x / (1 + y * y);
                }

                @Differentiable
                public static double sigmoid(double x) {
                    return 1 / (1 + Math.exp(-x));
                }

                @Differentiable
                public static double softplusIterated(double x) {
                    double r = x;
                    for (int i = 0; i < 3; i++) {
                        double e = Math.exp(r);
                        r = r > 30 ? r + 1 : Math.log1p(e);
                    }
                    return r;
                }
            }
            """;

    private static final double NAN = Double.NaN;
    private static final double INF = Double.POSITIVE_INFINITY;

    private static Compiled compiled;
    private static GradientChecker checker;

    private static synchronized GradientChecker k() {
        if (checker == null) {
            compiled = compile(SOURCE);
            checker = compiled.checker("p.Edges");
        }
        return checker;
    }

    /**
     * At {@code args}: the value of both modes equals the original's bit for bit and equals
     * {@code value} ({@code ==}, or both NaN); each derivative, by forward and by reverse mode, equals
     * {@code derivatives[k]} the same way.
     */
    private static void assertAt(String method, double[] args, double value, double... derivatives) {
        GradientChecker c = k();
        Object[] boxed = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            boxed[i] = args[i];
        }
        String where = method + java.util.Arrays.toString(args);
        List<String> failures = new ArrayList<>();
        double original = c.original(method, boxed);
        if (!same(original, value)) {
            failures.add("original method returns " + original + ", test expects " + value);
        }
        double[] reverse = c.reverse(method, boxed);
        if (!sameBits(reverse[0], original)) {
            failures.add("reverse value " + reverse[0] + " is not bit for bit the original " + original);
        }
        for (int k = 0; k < args.length; k++) {
            Object[] seeded = new Object[args.length];
            for (int q = 0; q < args.length; q++) {
                seeded[q] = q == k ? Dual.variable(args[q]) : Dual.constant(args[q]);
            }
            Dual forward = c.forward(method, seeded);
            if (!sameBits(forward.value(), original)) {
                failures.add("forward value (seeded on #" + k + ") " + forward.value() + " is not bit for bit the original "
                        + original);
            }
            if (!same(forward.tangent(), derivatives[k])) {
                failures.add(String.format(Locale.ROOT, "d/d#%d: forward gives %s, expected %s", k, forward.tangent(),
                        derivatives[k]));
            }
            if (!same(reverse[k + 1], derivatives[k])) {
                failures.add(String.format(Locale.ROOT, "d/d#%d: reverse gives %s, expected %s", k, reverse[k + 1],
                        derivatives[k]));
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(where + ":\n  " + String.join("\n  ", failures));
        }
    }

    /** As {@link #assertAt} for reverse mode only (and the original's value). */
    private static void assertReverseAt(String method, double[] args, double value, double... derivatives) {
        GradientChecker c = k();
        Object[] boxed = java.util.Arrays.stream(args).boxed().toArray();
        String where = method + java.util.Arrays.toString(args);
        double original = c.original(method, boxed);
        double[] reverse = c.reverse(method, boxed);
        List<String> failures = new ArrayList<>();
        if (!same(original, value) || !sameBits(reverse[0], original)) {
            failures.add("value: original " + original + ", reverse " + reverse[0] + ", expected " + value);
        }
        for (int k = 0; k < args.length; k++) {
            if (!same(reverse[k + 1], derivatives[k])) {
                failures.add(String.format(Locale.ROOT, "d/d#%d: reverse gives %s, expected %s", k, reverse[k + 1],
                        derivatives[k]));
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(where + ":\n  " + String.join("\n  ", failures));
        }
    }

    private static double[] at(double... args) {
        return args;
    }

    private static boolean same(double actual, double expected) {
        return Double.isNaN(expected) ? Double.isNaN(actual) : actual == expected;
    }

    private static boolean sameBits(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }

    @Test
    void nanPropagatesInBothModes() {
        assertAt("square", at(NAN), NAN, NAN);
        assertAt("exp", at(NAN), NAN, NAN);
        assertAt("reciprocal", at(NAN), NAN, NAN);
        assertAt("tanh", at(NAN), NAN, NAN);
        assertAt("sqrt", at(NAN), NAN, NAN);
        assertAt("log", at(NAN), NAN, NAN);
        assertAt("pow", at(NAN, 2.0), NAN, NAN, NAN);
        assertAt("pow", at(2.0, NAN), NAN, NAN, NAN);
        // a NaN produced inside the method (sqrt of a negative) propagates the same way
        assertAt("sqrt", at(-1.0), NAN, NAN);
    }

    @Test
    void infinitiesPropagateInBothModes() {
        assertAt("square", at(INF), INF, INF);
        assertAt("square", at(-INF), INF, -INF);
        assertAt("exp", at(INF), INF, INF);
        assertAt("exp", at(-INF), 0.0, 0.0);
        assertAt("reciprocal", at(INF), 0.0, -0.0);
        assertAt("tanh", at(INF), 1.0, 0.0);
        assertAt("tanh", at(-INF), -1.0, 0.0);
        assertAt("sqrt", at(INF), INF, 0.0);
        assertAt("log", at(INF), INF, 0.0);
    }

    @Test
    void infiniteDerivativesAtTheEdgeOfTheDomain() {
        // sqrt'(x) = 0.5 / sqrt(x): 0.5 / 0.0 = +Infinity
        assertAt("sqrt", at(0.0), 0.0, INF);
        // log'(x) = 1 / x: 1 / 0.0 = +Infinity, while the value is -Infinity
        assertAt("log", at(0.0), -INF, INF);
        // (1/x)' = -1/x^2 at 0: -Infinity
        assertAt("reciprocal", at(0.0), INF, -INF);
    }

    @Test
    void powAtZeroBaseInBothParameters() {
        // d/da = b a^(b-1); d/db = 0 wherever a^b == 0 (README: the limit from a > 0), never 0 * log(0)
        assertAt("pow", at(0.0, 2.0), 0.0, 0.0, 0.0);
        assertAt("pow", at(0.0, 1.0), 0.0, 1.0, 0.0);
        // at (0, 0.5) d/da is +Infinity; see forwardModeTimesZeroTangent for forward mode's d/db
        assertReverseAt("pow", at(0.0, 0.5), 0.0, INF, 0.0);
        Dual seededOnA = k().forward("pow", Dual.variable(0.0), Dual.constant(0.5));
        if (seededOnA.value() != 0.0 || seededOnA.tangent() != INF) {
            throw new AssertionError("pow[0.0, 0.5] forward seeded on a: " + seededOnA + ", expected value 0.0, tangent Infinity");
        }
        // constant base 0, differentiable exponent
        assertAt("powOfZero", at(2.0), 0.0, 0.0);
        assertAt("powOfZero", at(1.0), 0.0, 0.0);
        assertAt("powOfZero", at(0.5), 0.0, 0.0);
        // constant exponent, differentiable base at 0: no log(0) is evaluated at all
        assertAt("powTwo", at(0.0), 0.0, 0.0);
        assertAt("powOne", at(0.0), 0.0, 1.0);
        assertAt("powHalf", at(0.0), 0.0, INF);
        // the README's example: pow(x - 2, 2) at x = 1 is -2, not NaN
        assertAt("shiftedSquare", at(1.0), 1.0, -2.0);
    }

    /**
     * A {@code Dual.constant} argument's zero tangent times an infinite partial: forward mode gives
     * reverse mode's finite, documented values, not {@code Infinity * 0 = NaN} (README, Numerics).
     */
    @Test
    void forwardModeTimesZeroTangent() {
        // README: the derivative of pow(a, b) in b is 0 where a^b == 0; forward mode seeded on b gives NaN
        assertAt("pow", at(0.0, 0.5), 0.0, INF, 0.0);
        // d/dy (sqrt(x) + y) = 1 everywhere; forward mode seeded on y gives NaN at x = 0
        assertAt("sqrtPlus", at(0.0, 3.0), 3.0, INF, 1.0);
    }

    /**
     * A value that overflows where the path taken does not use it: its adjoint stays exactly zero and
     * contributes zero (not 0 × ∞ = NaN), in a branch not taken, an overwritten value, the arm
     * {@code min}/{@code max} did not pick, a fused loop and a reversed loop with a tape. Forward mode
     * agrees: the derivative of the branch taken.
     */
    @Test
    void overflowOffThePathDoesNotPoisonTheGradient() {
        assertAt("softplusSharedExp", at(800.0), 800.0, 1.0);
        assertAt("softplusSharedExp", at(-800.0), 0.0, 0.0);
        assertAt("overflowInBranchNotTaken", at(1.0), 1.0, 1.0);
        assertAt("overwrittenOverflow", at(800.0), 1600.0, 2.0);
        assertAt("clampedExp", at(800.0), -2.0, 0.0);
        assertAt("softplusSum", at(800.0), 4800.0, 6.0);
        assertAt("softplusIterated", at(800.0), 803.0, 1.0);
    }

    /**
     * The guard against 0 × ∞ is kept only where an adjoint may be zero because a path was not taken,
     * and only around adjoints that multiply values of the primal: straight-line code, a sum in a
     * fused loop and an adjoint passed on unchanged read as before.
     */
    @Test
    void onlyAdjointsThatMayMissTheirPathAreGuarded() {
        k();
        String softplus = compiled.generatedMethod("p.EdgesGrad", "softplusSharedExpGradient");
        assertTrue(softplus.contains("if (eAdj != 0.0) {\n            xAdj += eAdj * e;\n        }"), softplus);
        String branch = compiled.generatedMethod("p.EdgesGrad", "overflowInBranchNotTakenGradient");
        assertTrue(branch.contains("if (bigAdj != 0.0) {"), branch);
        assertFalse(branch.contains("if (rAdj != 0.0)"), "r's adjoint passes on with partial 1:\n" + branch);
        String sum = compiled.generatedMethod("p.EdgesGrad", "softplusSumGradient");
        assertFalse(sum.contains("if (sAdj != 0.0)"), "the sum's adjoint reaches every iteration:\n" + sum);
        for (String method : new String[] {"squareGradient", "powGradient", "sqrtPlusGradient", "maxGradient"}) {
            String text = compiled.generatedMethod("p.EdgesGrad", method);
            assertFalse(text.contains("!= 0.0) {"), text);
        }
    }

    /**
     * Issue 16: at {@code mu = +Infinity} the forward sweep along {@code mu} multiplies the zero tangent
     * of {@code sigma} by an infinite partial ({@code z * sigmaDot}) and gave NaN where reverse mode gives
     * {@code -Infinity}. Where the sweep meets a value that is not finite, forward mode takes reverse
     * mode's partials along its tangents, so both modes give one answer at every such point.
     */
    @Test
    void forwardModeAgreesWithReverseModeWhereItsSweepIsNotFinite() {
        double[] data = {0.5, -1.0, 2.0};
        Object[] reverse = gaussGradient(data, INF, 1.5);
        if ((double) reverse[2] != -INF) {
            throw new AssertionError("reverse d/dmu at mu = +Infinity: " + reverse[2]);
        }
        Dual alongMu = gaussForward(dev.adjoint.runtime.DualArrays.constant(data), Dual.variable(INF),
                Dual.constant(1.5));
        if (alongMu.tangent() != -INF || !sameBits(alongMu.value(), (double) reverse[0])) {
            throw new AssertionError("forward along mu at mu = +Infinity: " + alongMu + ", reverse " + reverse[2]);
        }
        Dual alongSigma = gaussForward(dev.adjoint.runtime.DualArrays.constant(data),
                Dual.constant(INF), Dual.variable(1.5));
        if (!same(alongSigma.tangent(), (double) reverse[3])) {
            throw new AssertionError("forward along sigma: " + alongSigma.tangent() + ", reverse " + reverse[3]);
        }
        // a data element of -Infinity: every direction, element by element
        double[] withInfinity = {0.5, -INF, 2.0};
        Object[] partials = gaussGradient(withInfinity, 0.25, 1.5);
        double[] dData = (double[]) partials[1];
        for (int i = 0; i < withInfinity.length; i++) {
            Dual along = gaussForward(dev.adjoint.runtime.DualArrays.variable(withInfinity, i),
                    Dual.constant(0.25), Dual.constant(1.5));
            if (!same(along.tangent(), dData[i])) {
                throw new AssertionError("d/d data[" + i + "]: forward " + along.tangent() + ", reverse " + dData[i]);
            }
        }
        Dual alongMuAgain = gaussForward(dev.adjoint.runtime.DualArrays.constant(withInfinity),
                Dual.variable(0.25), Dual.constant(1.5));
        if (!same(alongMuAgain.tangent(), (double) partials[2])) {
            throw new AssertionError("d/dmu with data[1] = -Infinity: forward " + alongMuAgain.tangent() + ", reverse "
                    + partials[2]);
        }
        // NaN where reverse mode gives NaN: a saturated sigmoid multiplies 0 * Infinity in both (README, Numerics)
        assertAt("sigmoid", at(-800.0), 0.0, NAN);
        assertAt("sigmoid", at(3.0), 1 / (1 + Math.exp(-3.0)), Math.exp(-3.0) / Math.pow(1 + Math.exp(-3.0), 2));
    }

    /** {@code gaussLogLikelihoodGradient}'s record components: value, dData, dMu, dSigma. */
    private static Object[] gaussGradient(double[] data, double mu, double sigma) {
        try {
            Object record = k().gradClass().getMethod("gaussLogLikelihoodGradient", double[].class, double.class,
                    double.class).invoke(null, data, mu, sigma);
            java.lang.reflect.RecordComponent[] components = record.getClass().getRecordComponents();
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = components[i].getAccessor().invoke(record);
            }
            return values;
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static Dual gaussForward(Dual[] data, Dual mu, Dual sigma) {
        try {
            return (Dual) k().gradClass().getMethod("gaussLogLikelihoodForward", Dual[].class, Dual.class, Dual.class)
                    .invoke(null, data, mu, sigma);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A vector-valued method too: at {@code r = +Infinity} the sweep along {@code r} multiplies the
     * zero tangent of {@code t} by {@code r} (NaN); forward mode gives each element's pullback partials
     * along the tangents, {@code (cos t, sin t)}, for a {@code double[]} and for a record result.
     */
    @Test
    void vectorValuedForwardModeAgreesWithThePullbackWhereItsSweepIsNotFinite() throws ReflectiveOperationException {
        Class<?> grad = k().gradClass();
        Dual[] alongR = (Dual[]) grad.getMethod("polarForward", Dual.class, Dual.class)
                .invoke(null, Dual.variable(INF), Dual.constant(0.5));
        if (alongR[0].tangent() != Math.cos(0.5) || alongR[1].tangent() != Math.sin(0.5) || alongR[0].value() != INF) {
            throw new AssertionError("polarForward along r at r = +Infinity: " + java.util.Arrays.toString(alongR));
        }
        Object forward = grad.getMethod("polarPointForward", Dual.class, Dual.class)
                .invoke(null, Dual.variable(INF), Dual.constant(0.5));
        Object tangent = forward.getClass().getMethod("tangent").invoke(forward);
        double x = (double) tangent.getClass().getMethod("x").invoke(tangent);
        double y = (double) tangent.getClass().getMethod("y").invoke(tangent);
        if (x != Math.cos(0.5) || y != Math.sin(0.5)) {
            throw new AssertionError("polarPointForward along r at r = +Infinity: " + tangent);
        }
        // along t, r's path is -r sin t: -Infinity, in the sweep as in the pullback
        Dual[] alongT = (Dual[]) grad.getMethod("polarForward", Dual.class, Dual.class)
                .invoke(null, Dual.constant(INF), Dual.variable(0.5));
        if (alongT[0].tangent() != -INF || alongT[1].tangent() != INF) {
            throw new AssertionError("polarForward along t at r = +Infinity: " + java.util.Arrays.toString(alongT));
        }
    }

    /** The sweep's result is returned as it is where everything it met is finite: the generated fForward. */
    @Test
    void forwardModeChecksItsSweepAndOtherwiseAsksReverseMode() {
        k();
        String forward = compiled.generatedMethod("p.EdgesGrad", "gaussLogLikelihoodForward");
        assertTrue(forward.contains("Dual swept = EdgesGrad.gaussLogLikelihoodForwardSweep(data, mu, sigma);"), forward);
        // not the elements of data: scanning them would cost as much as the sweep
        assertTrue(forward.contains("if (Directional.finite(swept) && Directional.finite(mu) && Directional.finite(sigma)) {"
                + "\n            return swept;\n        }"), forward);
        assertTrue(forward.contains("GaussLogLikelihoodGradient gradient = EdgesGrad.gaussLogLikelihoodGradient("
                + "DualArrays.values(data), mu.value(), sigma.value());"), forward);
    }

    /**
     * Reverse mode doubles last, {@code 2.0 * (adj * y)} as forward mode writes it: at {@code x =
     * Double.MAX_VALUE}, {@code y = 0} the adjoint of {@code 1 + y * y} is {@code -MAX_VALUE}, and
     * {@code 2.0 * adj * y} overflowed to {@code -Infinity * 0 = NaN} where {@code d/dy} is 0.
     */
    @Test
    void anExactDoublingDoesNotOverflowFirst() {
        assertAt("overSquare", at(Double.MAX_VALUE, 0.0), Double.MAX_VALUE, 1.0, 0.0);
    }

    @Test
    void kinksFollowTheDocumentedBranches() {
        assertAt("abs", at(0.0), 0.0, 1.0);
        assertAt("abs", at(-0.0), 0.0, 1.0);
        assertAt("max", at(1.5, 1.5), 1.5, 1.0, 0.0);
        assertAt("max", at(0.0, 0.0), 0.0, 1.0, 0.0);
        assertAt("min", at(-2.0, -2.0), -2.0, 1.0, 0.0);
    }
}
