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
 * Special functions of Commons Math 3, Hipparchus, Commons Numbers and finmath (erf, the gamma and
 * beta families, the normal distribution) are differentiated by their closed-form derivatives, in
 * both modes, with the libraries on the classpath as a user's build has them.
 */
class KnownLibraryFunctionsTest {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);


    private static final List<File> LIBRARIES = List.of(AdjointCompiler.jarOf("org.apache.commons.math3.special.Erf"),
            AdjointCompiler.jarOf("org.hipparchus.special.Erf"),
            AdjointCompiler.jarOf("org.apache.commons.numbers.gamma.Erf"),
            AdjointCompiler.jarOf("net.finmath.functions.NormalDistribution"));

    private static final String COMMONS_MATH = """
            package p;

            import dev.adjoint.Differentiable;
            import org.apache.commons.math3.special.Beta;
            import org.apache.commons.math3.special.Erf;
            import org.apache.commons.math3.special.Gamma;
            import org.apache.commons.math3.util.Precision;

            public class CommonsMath {
                @Differentiable
                public static double erfs(double x, double y) {
                    return Erf.erf(x * y) + 3 * Erf.erfc(x) - Erf.erf(x, y) + Erf.erfInv(x / 4) + Erf.erfcInv(1 + y / 4);
                }

                @Differentiable
                public static double gammas(double a, double x) {
                    return Gamma.logGamma(a) * Gamma.gamma(x) + Gamma.digamma(a * x) + Gamma.logGamma1p(x - 1)
                            + Gamma.regularizedGammaP(2.5, a * x) - Gamma.regularizedGammaQ(1.5, x, 1e-15, 10000);
                }

                @Differentiable
                public static double betas(double a, double b, double x) {
                    return Beta.logBeta(a, b) + Beta.regularizedBeta(x, 2.0, 3.5) + Beta.regularizedBeta(x * x, 1.0, 0.5, 1e-14);
                }

                @Differentiable
                public static double rounded(double x) {
                    return x * Precision.round(x, 2);
                }

                @Differentiable
                public static double densityAtZero(double x) {
                    return Gamma.regularizedGammaP(1.0, x);
                }
            }
            """;

    private static final String HIPPARCHUS_AND_NUMBERS = """
            package p;

            import dev.adjoint.Differentiable;
            import net.finmath.functions.NormalDistribution;
            import org.apache.commons.numbers.gamma.Digamma;
            import org.apache.commons.numbers.gamma.ErfDifference;
            import org.apache.commons.numbers.gamma.InverseErf;
            import org.apache.commons.numbers.gamma.LogBeta;
            import org.apache.commons.numbers.gamma.LogGamma;
            import org.apache.commons.numbers.gamma.RegularizedBeta;
            import org.apache.commons.numbers.gamma.RegularizedGamma;

            public class Others {
                @Differentiable
                public static double hipparchus(double a, double x) {
                    return org.hipparchus.special.Erf.erfc(x) * org.hipparchus.special.Gamma.logGamma(a)
                            + org.hipparchus.special.Gamma.regularizedGammaQ(3.0, x * a)
                            + org.hipparchus.special.Beta.logBeta(a, x);
                }

                @Differentiable
                public static double numbers(double a, double x) {
                    return LogGamma.value(a) * org.apache.commons.numbers.gamma.Erf.value(x) + Digamma.value(a + x)
                            + LogBeta.value(a, x) + ErfDifference.value(x, a) + InverseErf.value(x / 3)
                            + org.apache.commons.numbers.gamma.Gamma.value(a)
                            + RegularizedGamma.P.value(2.0, a * x) + RegularizedBeta.value(x / 2, 2.0, 3.0);
                }

                @Differentiable
                public static double finmath(double x, double p) {
                    return NormalDistribution.cumulativeDistribution(x) * NormalDistribution.density(x)
                            + NormalDistribution.inverseCumulativeDistribution(p);
                }
            }
            """;

    @Test
    void commonsMathSpecialFunctionsDifferentiateInBothModes() {
        Compiled c = AdjointCompiler.compileAgainst(LIBRARIES, COMMONS_MATH);
        GradientChecker checker = c.checker("p.CommonsMath");
        for (double[] point : new double[][] {{0.7, 1.3}, {-0.4, 1.2}, {1.9, 0.6}}) {
            checker.check("erfs", point[0], point[1]);
            checker.check("gammas", Math.abs(point[0]) + 0.5, point[1]);
            checker.check("betas", Math.abs(point[0]) + 0.5, point[1], Math.abs(point[0]) / 2);
        }
        checker.checkAd("rounded", 1.2345);
        // d/dx (x · round(x, 2)) = round(x, 2): rounding is a step function, as floor is.
        assertEquals(1.23, checker.reverse("rounded", 1.2345)[1], 0);
        // P(1, x) = 1 - e^(-x), whose slope at 0 is 1 (not 0 · log 0 = NaN).
        assertEquals(1.0, checker.reverse("densityAtZero", 0.0)[1], 0);
        assertEquals(1.0, checker.forward("densityAtZero", dev.adjoint.runtime.Dual.variable(0.0)).tangent(), 0);
        String reverse = c.generatedMethod("p.CommonsMathGrad", "gammasGradient");
        assertTrue(reverse.contains("Gamma.digamma("), reverse);
    }

    @Test
    void theDerivativeOfErfIsTheGaussian() {
        Compiled c = AdjointCompiler.compileAgainst(LIBRARIES, """
                package p;

                import dev.adjoint.Differentiable;
                import org.apache.commons.math3.special.Erf;

                public class E {
                    @Differentiable
                    public static double f(double x) {
                        return Erf.erf(x);
                    }
                }
                """);
        for (double x : new double[] {-2, -0.5, 0, 0.5, 3}) {
            double expected = TWO_OVER_SQRT_PI * Math.exp(-x * x);
            assertEquals(expected, c.checker("p.E").reverse("f", x)[1], 1e-15 * expected);
            c.checker("p.E").check("f", x);
        }
    }

    /**
     * log B(a, b)'s partials ψ(a) - ψ(a + b) and ψ(b) - ψ(a + b) keep their digits where a is far above b:
     * as the difference of two digammas, ∂/∂a lost all but five (fuzz seed 1800057, a = 4.2e10, b = 2.5).
     * With b = 3, ∂/∂a is -(1/a + 1/(a + 1) + 1/(a + 2)) exactly; the three libraries' functions alike.
     */
    @Test
    void logBetasPartialsKeepTheirDigitsFarFromOne() {
        Compiled c = AdjointCompiler.compileAgainst(LIBRARIES, """
                package p;

                import dev.adjoint.Differentiable;

                public class B {
                    @Differentiable
                    public static double commonsMath(double a, double b) {
                        return org.apache.commons.math3.special.Beta.logBeta(a, b);
                    }

                    @Differentiable
                    public static double hipparchus(double a, double b) {
                        return org.hipparchus.special.Beta.logBeta(a, b);
                    }

                    @Differentiable
                    public static double numbers(double a, double b) {
                        return org.apache.commons.numbers.gamma.LogBeta.value(a, b);
                    }
                }
                """);
        GradientChecker checker = c.checker("p.B");
        double a = 4.2e10;
        double inA = -(1 / a + 1 / (a + 1) + 1 / (a + 2));
        // ψ(3) = 3/2 - γ; ψ(a + 3) by its asymptotic series, exact to double precision at this size
        double inB = 1.5 - 0.5772156649015329 - (Math.log(a + 3) - 1 / (2 * (a + 3)));
        for (String method : List.of("commonsMath", "hipparchus", "numbers")) {
            double[] reverse = checker.reverse(method, a, 3.0);
            assertEquals(inA, reverse[1], 2e-15 * Math.abs(inA), method + " d/da");
            assertEquals(inB, reverse[2], 2e-15 * Math.abs(inB), method + " d/db");
            assertEquals(reverse[1], checker.forward(method, dev.adjoint.runtime.Dual.variable(a),
                    dev.adjoint.runtime.Dual.constant(3.0)).tangent(), 0, method + " forward d/da");
            checker.check(method, 2.5, 0.75);
        }
    }

    @Test
    void hipparchusCommonsNumbersAndFinmathDifferentiateInBothModes() {
        Compiled c = AdjointCompiler.compileAgainst(LIBRARIES, HIPPARCHUS_AND_NUMBERS);
        GradientChecker checker = c.checker("p.Others");
        for (double[] point : new double[][] {{0.7, 1.3}, {2.4, 0.4}, {1.9, 0.6}}) {
            checker.check("hipparchus", point[0], point[1]);
            checker.check("numbers", point[0], point[1]);
            checker.check("finmath", point[1] - 1, point[1] / 2);
        }
    }

    @Test
    void aShapeWithoutClosedFormIsNamedOnItsLine() {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), LIBRARIES, """
                package p;

                import dev.adjoint.Differentiable;
                import org.apache.commons.math3.special.Gamma;

                public class Shape {
                    @Differentiable
                    public static double f(double a, double x) {
                        double p = Gamma.regularizedGammaP(a, x);
                        return p;
                    }
                }
                """);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        Diagnostic<?> error = compilation.errors().get(0);
        assertEquals("the derivative of 'Gamma.regularizedGammaP' with respect to its parameter 'a' has no known"
                + " closed form, and the argument given for 'a' depends on the differentiable inputs; pass a value"
                + " that does not, or leave it out of wrt", error.getMessage(Locale.ROOT));
        assertEquals(9, error.getLineNumber());
    }

    @Test
    void aHessianThroughALibraryFunctionIsRefused() {
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), LIBRARIES, """
                package p;

                import dev.adjoint.Differentiable;
                import org.apache.commons.math3.special.Erf;

                public class H {
                    @Differentiable(hessian = true)
                    public static double f(double x) {
                        return Erf.erf(x) * x;
                    }
                }
                """);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        assertTrue(compilation.errors().get(0).getMessage(Locale.ROOT).startsWith(
                "cannot generate fHessian for 'f': it calls 'erf' through @DerivativeOf rules or Adjoint's table"),
                compilation.errors().get(0).getMessage(Locale.ROOT));
    }

    @Test
    void aFunctionWhoseDerivativeTheClasspathCannotComputeHasNone() {
        // A class that has the table's name but not the function its derivative calls (digamma).
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), List.of(), """
                package org.apache.commons.math3.special;

                public final class Gamma {
                    public static double logGamma(double x) {
                        return Math.log(x);
                    }
                }
                """, """
                package p;

                import dev.adjoint.Differentiable;
                import org.apache.commons.math3.special.Gamma;

                public class Missing {
                    @Differentiable
                    public static double f(double x) {
                        return Gamma.logGamma(x);
                    }
                }
                """);
        assertEquals(Compilation.Status.FAILURE, compilation.status());
        assertEquals("no derivative is known for 'Gamma.logGamma', called with a differentiable argument; annotate it"
                + " with @Differentiable (static, returning double) so Adjoint can differentiate it",
                compilation.errors().get(0).getMessage(Locale.ROOT));
    }
}
