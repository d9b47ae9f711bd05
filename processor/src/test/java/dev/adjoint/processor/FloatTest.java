package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.ParityCheck;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code float} literals, constants and locals, as numeric library code uses them (issue 13): every
 * value is Java's own, bit for bit (float arithmetic rounds to float, mixing with double promotes),
 * in both modes and the second-order code; float values are never differentiated, so a derivative
 * only flows through the doubles around them.
 */
class FloatTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Floats {
                private static final float HALF = 0.5f;
                public static final float TENTH = 0.1f;

                /** BoostGamma.sinpx's shape: a distance compared with a float literal. */
                @Differentiable(hessian = true)
                public static double sinpx(double z) {
                    int sign = 1;
                    if (z < 0) {
                        z = -z;
                    }
                    double fl = Math.floor(z);
                    double dist;
                    if (((int) fl & 1) != 0) {
                        fl += 1;
                        dist = fl - z;
                        sign = -sign;
                    } else {
                        dist = z - fl;
                    }
                    if (dist > 0.5f) {
                        dist = 1 - dist;
                    }
                    return sign * z * Math.sin(dist * Math.PI);
                }

                /** BoostErf's shape: float constants Y scaling a rational approximation, shifts by float literals. */
                @Differentiable
                public static double rational(double q) {
                    final float Y = 2.249481201171875f;
                    final double xs = q - 0.25f;
                    double p = 0.105264680699391713268 + -3.67192254707729348546 * xs;
                    double r = p / (1.0 + 1.72114765761200282724 * xs);
                    final double g = Math.sqrt(-2 * Math.log(q));
                    final float Z = 0.0891314744949340820313f;
                    final double W = 1.044948577880859375f;
                    return g / (Y + r) + Z * q + q * 1.125f + W * q * 3;
                }

                /** Float arithmetic rounds to float in a loop; the reverse sweep needs each value back. */
                @Differentiable
                public static double floatLoop(double x, int n) {
                    float s = TENTH;
                    double acc = 0;
                    for (int i = 0; i < n; i++) {
                        s = s * 1.1f + 0.3f;
                        s /= 3;
                        acc += x * s + s * s * x * x;
                        s++;
                    }
                    return acc + s;
                }

                /** ints made floats, float division, ?: of floats, compound assignments, a float constant field. */
                @Differentiable
                public static double mixed(double x, int n) {
                    float h = n;
                    float q = h / 3;
                    float k = x > 1 ? HALF : 2;
                    k *= q;
                    k -= 1e-3f;
                    var v = k + TENTH;
                    double d = x * 0.1f;
                    d += v;
                    d *= -0.7f;
                    return d * x + Math.sqrt(x) * q + (double) k * x + (long) v;
                }

                /** Derivative arithmetic on a float is done in double: big * big would overflow a float. */
                @Differentiable
                public static double atanOfBig(double x) {
                    float big = 3e30f;
                    return Math.atan2(big, x) + Math.pow(x, big / 1e30f);
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(SOURCE);
    private static final GradientChecker CHECKER = COMPILED.checker("p.Floats");
    private static final ParityCheck PARITY = new ParityCheck(COMPILED, "p.Floats");

    @ParameterizedTest
    @CsvSource({"0.3", "0.7", "-1.3", "2.45", "5.6"})
    void sinpxComparesWithTheFloatLiteral(double z) {
        CHECKER.check("sinpx", z);
        assertEquals(List.of(), PARITY.mismatches("sinpx", z));
    }

    /** On (0, 1) sinpx is z sin(pi z) on both sides of the float comparison: its second derivative is known. */
    @ParameterizedTest
    @CsvSource({"0.3", "0.7"})
    void theSecondOrderCodeTakesTheSameBranch(double z) throws ReflectiveOperationException {
        double[][] hessian = (double[][]) COMPILED.gradClassFor("p.Floats").getMethod("sinpxHessian", double.class)
                .invoke(null, z);
        double expected = 2 * Math.PI * Math.cos(Math.PI * z) - Math.PI * Math.PI * z * Math.sin(Math.PI * z);
        assertEquals(expected, hessian[0][0], 1e-12 * Math.abs(expected));
    }

    @ParameterizedTest
    @CsvSource({"0.3", "0.45", "0.26"})
    void floatConstantsScaleAsInThePrimal(double q) {
        CHECKER.check("rational", q);
        assertEquals(List.of(), PARITY.mismatches("rational", q));
        double scale = (double) 0.0891314744949340820313f + 1.125f + 3.0 * 1.044948577880859375f;
        double rest = CHECKER.original("rational", q) - Math.sqrt(-2 * Math.log(q)) / (2.249481201171875f
                + (0.105264680699391713268 + -3.67192254707729348546 * (q - 0.25f))
                / (1.0 + 1.72114765761200282724 * (q - 0.25f)));
        assertEquals(q * scale, rest, 1e-15);
    }

    @ParameterizedTest
    @CsvSource({"0.7, 0", "0.7, 1", "1.3, 5", "-0.4, 12"})
    void floatArithmeticKeepsItsRoundingInBothModes(double x, int n) {
        CHECKER.check("floatLoop", x, n);
        assertEquals(List.of(), PARITY.mismatches("floatLoop", x, n));
        float s = 0.1f;
        double derivative = 0;
        for (int i = 0; i < n; i++) {
            s = s * 1.1f + 0.3f;
            s /= 3;
            derivative += s + 2 * (double) (s * s) * x;
            s++;
        }
        assertEquals(derivative, CHECKER.reverse("floatLoop", x, n)[1], 1e-14 * Math.abs(derivative));
    }

    @ParameterizedTest
    @CsvSource({"0.7, 2", "1.3, 7", "2.5, -4"})
    void intsConstantsAndCompoundAssignmentsOnFloats(double x, int n) {
        CHECKER.check("mixed", x, n);
        assertEquals(List.of(), PARITY.mismatches("mixed", x, n));
    }

    @ParameterizedTest
    @CsvSource({"0.7", "1.3", "-2.0"})
    void derivativesOfFloatOperandsAreComputedInDouble(double x) {
        assertEquals(List.of(), PARITY.mismatches("atanOfBig", Math.abs(x)));
        double[] reverse = CHECKER.reverse("atanOfBig", Math.abs(x));
        double big = 3e30f;
        double exponent = 3e30f / 1e30f;
        double expected = -big / (x * x + big * big) + exponent * Math.pow(Math.abs(x), exponent - 1);
        assertEquals(expected, reverse[1], 1e-14 * Math.abs(expected));
        assertEquals(expected, CHECKER.forward("atanOfBig", dev.adjoint.runtime.Dual.variable(Math.abs(x))).tangent(),
                1e-14 * Math.abs(expected));
    }

    @Test
    void theGeneratedCodeKeepsTheFloatLiteralsAndTypes() {
        String reverse = COMPILED.generatedMethod("p.FloatsGrad", "floatLoopGradient");
        assertTrue(reverse.contains("float s = 0.1f;") || reverse.contains("float s = Floats.TENTH;"), reverse);
        assertTrue(reverse.contains("s = s * 1.1f + 0.3f;"), reverse);
        String forward = COMPILED.generatedMethod("p.FloatsGrad", "rationalForwardSweep");
        assertTrue(forward.contains("final float Y = 2.2494812f;") || forward.contains("float Y = 2.2494812f;"), forward);
    }
}
