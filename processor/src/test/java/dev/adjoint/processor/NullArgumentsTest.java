package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.processor.testing.ParityCheck;
import dev.adjoint.runtime.Dual;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code null} passed for an array parameter of another method ({@code lgamma(z, null)}, the call of
 * Commons Numbers' {@code BoostGamma.lgamma(double)}): index data ({@code int[]}, {@code long[]},
 * {@code boolean[]}) and differentiable arrays ({@code double[]}, {@code double[][]}). Both modes give
 * the primal's value bit for bit and its derivative, no adjoint is made for the null, and where the
 * callee reads the null (its {@code .length}) every generated method throws NullPointerException as the
 * primal does.
 */
class NullArgumentsTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Nulls {
                /** The shape of BoostGamma.lgamma(z, sign): an optional output array, here only read. */
                @Differentiable
                public static double lgammaLike(double z, int[] sign) {
                    double result = Math.log(z) * z - z;
                    if (sign != null && sign.length != 0) {
                        result += sign[0];
                    }
                    return result;
                }

                @Differentiable
                public static double lgammaOf(double z) {
                    return lgammaLike(z, null);
                }

                @Differentiable
                public static double counted(double x, long[] counts, boolean[] mask) {
                    double s = x;
                    if (counts != null) {
                        s *= counts.length;
                    }
                    return mask == null ? s * x : s;
                }

                @Differentiable
                public static double indexData(double x) {
                    boolean[] mask = {true};
                    return counted(x, null, (null)) + 2 * counted(x, null, mask);
                }

                /** Weighted when there are weights. */
                @Differentiable
                public static double weighted(double x, double[] w, double[][] m) {
                    double s = w == null ? x * x : w[0] * x;
                    return m == null ? s : s + m[0][0] * x;
                }

                @Differentiable
                public static double unweighted(double x, double y) {
                    double[] w = {y, 2 * y};
                    return weighted(x, null, null) * y + weighted(y, w, null);
                }

                /** The callee reads the null: both modes throw where the primal throws. */
                @Differentiable
                public static double size(double x, double[] w) {
                    return x * w.length;
                }

                @Differentiable
                public static double sizeOfNothing(double x, int n) {
                    if (n < 0) {
                        return -x;
                    }
                    return size(x, null);
                }

                @Differentiable(hessian = true)
                public static double curved(double x, double y) {
                    return weighted(x * y, null, null) + lgammaLike(y, null);
                }

                /** A vector result: its Jacobian goes through forward mode, the null as a null Dual[]. */
                @Differentiable
                public static double[] pair(double x, double y) {
                    double[] r = new double[2];
                    r[0] = weighted(x, null, null);
                    r[1] = weighted(y, null, null) * x;
                    return r;
                }

                public record Line(double slope, double bias) { }

                @Differentiable
                public static double fit(Line line, double x, double[] weights) {
                    double r = line.slope() * x + line.bias();
                    return weights == null ? r * r : weights[0] * r * r;
                }

                /** A record and a null in one call. */
                @Differentiable
                public static double unweightedFit(Line line, double x) {
                    return fit(line, x, null);
                }

                /** A null that goes to a private helper copied into the generated class. */
                private static double firstOr(double x, double[] w) {
                    return w == null ? x * x : w[0];
                }

                @Differentiable
                public static double helped(double x) {
                    return firstOr(Math.sin(x), null);
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(SOURCE);
    private static final GradientChecker CHECKER = COMPILED.checker("p.Nulls");

    @Test
    void nullIndexDataPassedOn() {
        for (double z : new double[] {0.3, 1.7, 5.2}) {
            CHECKER.check("lgammaOf", z);
        }
        for (double x : new double[] {-0.4, 1.3}) {
            CHECKER.check("indexData", x);
        }
    }

    @Test
    void nullDifferentiableArraysPassedOnGetNoAdjoint() {
        for (double[] p : new double[][] {{0.7, 1.3}, {-2.0, 0.25}}) {
            CHECKER.check("unweighted", p[0], p[1]);
        }
        String reverse = COMPILED.generatedMethod("p.NullsGrad", "unweightedGradient");
        assertTrue(reverse.contains("weightedGradient(x, (double[]) null, (double[][]) null)"), reverse);
    }

    @Test
    void aNullTheCalleeReadsThrowsInEveryMode() {
        ParityCheck parity = new ParityCheck(COMPILED, "p.Nulls");
        assertEquals(List.of(), parity.mismatches("sizeOfNothing", 1.5, 2));
        assertEquals(List.of(), parity.mismatches("sizeOfNothing", 1.5, -1));
        CHECKER.check("sizeOfNothing", 1.5, -1);
    }

    @Test
    void aNullInAMethodWithAHessian() throws Exception {
        CHECKER.check("curved", 0.8, 1.9);
        ParityCheck parity = new ParityCheck(COMPILED, "p.Nulls");
        assertEquals(List.of(), parity.mismatches("curved", 0.8, 1.9));
        double[][] hessian = (double[][]) COMPILED.gradClassFor("p.Nulls")
                .getMethod("curvedHessian", double.class, double.class).invoke(null, 0.8, 1.9);
        // weighted(x y, null, null) = (x y)^2, lgammaLike(y) = y log y - y
        assertEquals(2 * 1.9 * 1.9, hessian[0][0], 1e-12);
        assertEquals(4 * 0.8 * 1.9, hessian[0][1], 1e-12);
        assertEquals(2 * 0.8 * 0.8 + 1 / 1.9, hessian[1][1], 1e-12);
    }

    @Test
    void aNullInAMethodWithAVectorResult() throws Exception {
        double x = 0.6;
        double y = -1.4;
        Class<?> grad = COMPILED.gradClassFor("p.Nulls");
        double[][] jacobian = (double[][]) grad.getMethod("pairJacobian", double.class, double.class).invoke(null, x, y);
        // pair = (x^2, y^2 x)
        assertEquals(2 * x, jacobian[0][0], 1e-15);
        assertEquals(0.0, jacobian[0][1]);
        assertEquals(y * y, jacobian[1][0], 1e-15);
        assertEquals(2 * y * x, jacobian[1][1], 1e-15);
        assertEquals(List.of(), new ParityCheck(COMPILED, "p.Nulls").mismatches("pair", x, y));
    }

    @Test
    void aNullBesideARecord() throws Exception {
        Class<?> line = COMPILED.load("p.Nulls$Line");
        Object point = line.getDeclaredConstructor(double.class, double.class).newInstance(1.3, 0.5);
        double x = -0.7;
        double r = 1.3 * x + 0.5;
        Class<?> grad = COMPILED.gradClassFor("p.Nulls");
        Object gradient = grad.getMethod("unweightedFitGradient", line, double.class).invoke(null, point, x);
        Object dLine = NullArraysTest.component(gradient, "dLine");
        assertEquals(2 * r * x, (double) NullArraysTest.component(dLine, "slope"), 1e-15);
        assertEquals(2 * r, (double) NullArraysTest.component(dLine, "bias"), 1e-15);
        assertEquals(2 * r * 1.3, (double) NullArraysTest.component(gradient, "dX"), 1e-15);
        assertEquals(r * r, (double) NullArraysTest.component(gradient, "value"));
        Object direction = line.getDeclaredConstructor(double.class, double.class).newInstance(1.0, 0.0);
        Dual forward = (Dual) grad.getMethod("unweightedFitForward", line, line, Dual.class)
                .invoke(null, point, direction, Dual.constant(x));
        assertEquals(r * r, forward.value());
        assertEquals(2 * r * x, forward.tangent(), 1e-15);
        assertEquals(List.of(), new ParityCheck(COMPILED, "p.Nulls").mismatches("unweightedFit", point, x));
    }

    @Test
    void aNullPassedToAPrivateHelper() {
        for (double x : new double[] {0.4, 2.5}) {
            CHECKER.check("helped", x);
        }
    }

    /** A null two methods could take as arrays of different types: javac finds the call ambiguous too. */
    @Test
    void aNullOfTwoPossibleArrayTypesIsAnErrorOnIt() {
        Compilation compilation = Compiler.javac().withProcessors(new AdjointProcessor()).compile(
                JavaFileObjects.forSourceString("p.Ambiguous", """
                        package p;

                        import dev.adjoint.Differentiable;

                        public class Ambiguous {
                            @Differentiable
                            public static double pick(double x, int[] a) { return x; }

                            @Differentiable
                            public static double pick(double x, long[] a) { return 2 * x; }

                            @Differentiable
                            public static double caller(double x) {
                                return pick(x,
                                        null);
                            }
                        }
                        """));
        assertThat(compilation).hadErrorContaining("null passed to 'pick' where it may be int[] or long[] is not"
                + " supported in a @Differentiable method; javac finds such a call ambiguous too; pass an array of the"
                + " type meant").inFile(compilation.sourceFiles().get(0)).onLineContaining("null);");
    }

    @Test
    void theCalleeItselfStillTakesArrays() {
        new ArrayChecker(COMPILED, "p.Nulls").check("weighted", 1e-8, 0.7, new double[] {1.5}, new double[][] {{2.0}});
    }
}
