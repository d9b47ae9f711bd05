package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import java.io.File;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * Methods of the continuous distributions of Commons Math 3 and Hipparchus, called on objects the
 * method makes, holds in a field or is given: differentiated with respect to their arguments.
 */
class DistributionCallsTest {


    private static final List<File> LIBRARIES = List.of(
            AdjointCompiler.jarOf("org.apache.commons.math3.distribution.NormalDistribution"),
            AdjointCompiler.jarOf("org.hipparchus.distribution.continuous.NormalDistribution"));

    private static final String PRICING = """
            package p;

            import dev.adjoint.Differentiable;
            import org.apache.commons.math3.distribution.NormalDistribution;

            public class Pricing {
                static final NormalDistribution STANDARD = new NormalDistribution();

                /** Black-Scholes as it is often written with Commons Math. */
                @Differentiable
                public static double call(double s, double k, double t, double r, double sigma) {
                    NormalDistribution n = new NormalDistribution(0, 1);
                    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.sqrt(t));
                    double d2 = d1 - sigma * Math.sqrt(t);
                    return s * n.cumulativeProbability(d1) - k * Math.exp(-r * t) * n.cumulativeProbability(d2);
                }

                @Differentiable
                public static double fromField(double x, double y) {
                    return STANDARD.density(x * y) + Pricing.STANDARD.logDensity(y) + STANDARD.probability(x, x + y);
                }

                @Differentiable
                public static double inline(double x, double p) {
                    return new NormalDistribution(1.5, 2.0).cumulativeProbability(x)
                            * new NormalDistribution().inverseCumulativeProbability(p);
                }

                @Differentiable
                public static double given(NormalDistribution d, double x, int n) {
                    double s = x * d.getMean();
                    for (int i = 0; i < n; i++) {
                        s += d.logDensity((i - 1.5) * x) * d.cumulativeProbability(x + i);
                    }
                    return s;
                }
            }
            """;

    @Test
    void blackScholesWithCommonsMathsNormalDistributionGivesTheGreeks() {
        Compiled c = AdjointCompiler.compileAgainst(LIBRARIES, PRICING);
        GradientChecker checker = c.checker("p.Pricing");
        checker.check("call", 100.0, 95.0, 0.75, 0.03, 0.25);
        double s = 100, k = 95, t = 0.75, r = 0.03, sigma = 0.25;
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.sqrt(t));
        double delta = new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(d1);
        double vega = s * Math.sqrt(t) * Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
        double[] gradient = checker.reverse("call", s, k, t, r, sigma);
        assertEquals(delta, gradient[1], 1e-14);
        assertEquals(vega, gradient[5], 1e-11);
        String reverse = c.generatedMethod("p.PricingGrad", "callGradient");
        assertTrue(reverse.contains("n.density(d1)"), reverse);
    }

    @Test
    void objectsFromFieldsExpressionsAndParametersDifferentiate() {
        Compiled c = AdjointCompiler.compileAgainst(LIBRARIES, PRICING);
        GradientChecker checker = c.checker("p.Pricing");
        for (double[] point : new double[][] {{0.3, 0.8}, {-1.2, 0.4}, {0.9, 1.7}}) {
            checker.check("fromField", point[0], point[1]);
        }
        for (double[] point : new double[][] {{0.3, 0.2}, {-1.2, 0.9}, {2.5, 0.5}}) {
            checker.check("inline", point[0], point[1]);
        }
        var distribution = new org.apache.commons.math3.distribution.NormalDistribution(0.5, 1.5);
        checker.check("given", distribution, 0.7, 3);
        checker.check("given", distribution, -1.3, 1);
    }

    @Test
    void hipparchusDistributionsDifferentiate() {
        Compiled c = AdjointCompiler.compileAgainst(LIBRARIES, """
                package p;

                import dev.adjoint.Differentiable;
                import org.hipparchus.distribution.continuous.GammaDistribution;
                import org.hipparchus.distribution.continuous.TDistribution;

                public class Tails {
                    @Differentiable
                    public static double tails(double x, double p) {
                        GammaDistribution g = new GammaDistribution(2.5, 1.5);
                        return g.cumulativeProbability(x * x) + new TDistribution(4).inverseCumulativeProbability(p);
                    }
                }
                """);
        for (double[] point : new double[][] {{0.7, 0.3}, {1.9, 0.8}, {-1.1, 0.55}}) {
            c.checker("p.Tails").check("tails", point[0], point[1]);
        }
    }

    @Test
    void aDistributionBuiltFromDifferentiableValuesIsAnErrorOnItsLine() {
        Diagnostic<?> error = firstError("""
                package p;

                import dev.adjoint.Differentiable;
                import org.apache.commons.math3.distribution.NormalDistribution;

                public class Bad {
                    @Differentiable
                    public static double f(double mu, double x) {
                        double p = new NormalDistribution(mu, 1).cumulativeProbability(x);
                        return p;
                    }
                }
                """);
        assertEquals("a NormalDistribution built from a value that depends on the differentiable inputs is not"
                + " supported: the object is never differentiated, so that value's derivative would be lost; build it"
                + " from values that are not differentiated", error.getMessage(Locale.ROOT));
        assertEquals(9, error.getLineNumber());
    }

    @Test
    void aDistributionBuiltFromDifferentiableValuesIsAnErrorWhereverItGoes() {
        // Held in a local first: its mean's derivative would otherwise be lost without a word.
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), LIBRARIES, """
                package p;

                import dev.adjoint.Differentiable;
                import org.apache.commons.math3.distribution.NormalDistribution;

                public class Bad {
                    @Differentiable
                    public static double f(double mu, double x) {
                        NormalDistribution d = new NormalDistribution(0.5, mu * mu);
                        return d.cumulativeProbability(x);
                    }
                }
                """);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        assertEquals(1, compilation.errors().size(), () -> compilation.errors().toString());
        assertTrue(compilation.errors().get(0).getMessage(Locale.ROOT).startsWith("a NormalDistribution built from a"
                + " value that depends on the differentiable inputs"), compilation.errors().get(0).getMessage(Locale.ROOT));
        assertEquals(9, compilation.errors().get(0).getLineNumber());
    }

    @Test
    void aMethodWithoutAKnownDerivativeIsNamed() {
        Diagnostic<?> error = firstError("""
                package p;

                import dev.adjoint.Differentiable;
                import org.apache.commons.math3.distribution.GammaDistribution;

                public class Bad {
                    @Differentiable
                    public static double f(double x) {
                        GammaDistribution g = new GammaDistribution(2, 1);
                        return g.density(x);
                    }
                }
                """);
        assertEquals("no derivative is known for 'GammaDistribution.density', called with a differentiable argument;"
                + " annotate it with @Differentiable (static, returning double) so Adjoint can differentiate it",
                error.getMessage(Locale.ROOT));
        assertEquals(10, error.getLineNumber());
    }

    @Test
    void creatingAnotherObjectIsStillRefused() {
        Diagnostic<?> error = firstError("""
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    @Differentiable
                    public static double f(double x) {
                        double y = x * java.util.Objects.hashCode(new Object());
                        return y;
                    }
                }
                """);
        assertTrue(error.getMessage(Locale.ROOT).startsWith("object creation is not supported"), error.getMessage(Locale.ROOT));
        assertEquals(8, error.getLineNumber());
    }

    /**
     * Java evaluates a call's arguments left to right: in {@code d.probability(x, x = 2 * x)} the
     * first argument is the old {@code x}. An assignment inside a later argument must not run before
     * an earlier argument is read, for a call on an object and for a {@code new} alike.
     */
    @Test
    void argumentsOfCallsOnObjectsAreReadInJavasOrder() {
        Compiled c = AdjointCompiler.compileAgainst(LIBRARIES, """
                package p;

                import dev.adjoint.Differentiable;
                import org.hipparchus.distribution.continuous.NormalDistribution;

                public class Ordered {
                    @Differentiable
                    public static double onObject(double x, double y) {
                        NormalDistribution d = new NormalDistribution(0.5, 2.0);
                        return d.probability(x, x = x + y) * x;
                    }

                    @Differentiable
                    public static double inCreation(double x, double y) {
                        double mean = 0.25;
                        return new NormalDistribution(mean, mean = 1.5).density(x * y) + mean;
                    }
                }
                """);
        GradientChecker checker = c.checker("p.Ordered");
        double x = -0.3, y = 1.1;
        NormalDistributionValues expected = new NormalDistributionValues(x, y);
        assertEquals(expected.onObject, checker.original("onObject", x, y), 0.0);
        assertEquals(expected.onObject, checker.reverse("onObject", x, y)[0], 0.0);
        assertEquals(expected.onObject, checker.forward("onObject", dev.adjoint.runtime.Dual.variable(x),
                dev.adjoint.runtime.Dual.constant(y)).value(), 0.0);
        checker.check("onObject", x, y);
        checker.check("inCreation", x, y);
    }

    /** {@code onObject} of the test above, as Java evaluates it. */
    private record NormalDistributionValues(double onObject) {
        NormalDistributionValues(double x, double y) {
            this(new org.hipparchus.distribution.continuous.NormalDistribution(0.5, 2.0).probability(x, x + y) * (x + y));
        }
    }

    @Test
    void otherObjectsAreStillRefused() {
        Diagnostic<?> error = firstError("""
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    @Differentiable
                    public static double f(double x) {
                        return new StringBuilder().append(x).length() * x;
                    }
                }
                """);
        assertEquals("calling a method on an object (new StringBuilder().append(x).length()) is not supported in a"
                + " @Differentiable method; call static methods only", error.getMessage(Locale.ROOT));
        assertEquals(8, error.getLineNumber());
    }

    private static Diagnostic<?> firstError(String source) {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), LIBRARIES, source);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        return compilation.errors().get(0);
    }
}
