package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.ParityCheck;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Parity with the primal (issue 16): every generated method ({@code fForward}, {@code fGradient},
 * {@code fPullback}, {@code fJacobian}, {@code fTangent}, {@code fTangentGradient},
 * {@code fHessianVector}, {@code fHessian}) returns where the method returns, with its value bit for
 * bit, and throws the method's exception class where it throws, over inputs a caller may get wrong:
 * null arrays, empty arrays, mismatched lengths, negative sizes, indices out of bounds, integer
 * division by zero, and guards that return early or throw. Where it returns, the partial of a null
 * array is null and a Hessian or Jacobian is over the flattened inputs a null array has none of.
 */
class PrimalParityTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Parity {
                /** The user's report: a guard that returns NaN before data is read. */
                @Differentiable(hessian = true)
                public static double gauss(double[] data, double mu, double sigma) {
                    if (!(sigma > 0)) {
                        return Double.NaN;
                    }
                    double s = 0;
                    for (int i = 0; i < data.length; i++) {
                        double z = (data[i] - mu) / sigma;
                        s += -0.5 * z * z - Math.log(sigma);
                    }
                    return s;
                }

                @Differentiable(hessian = true)
                public static double dot(double[] a, double[] b) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += a[i] * b[i];
                    }
                    return s;
                }

                /** Passes its arrays on to a callee that may return without reading them. */
                @Differentiable(hessian = true)
                public static double twice(double x, double[] a, double[] b) {
                    return 2 * dot(a, b) * x * x;
                }

                @Differentiable(hessian = true)
                public static double sized(double x, int n) {
                    double[] c = new double[n];
                    for (int i = 0; i < n; i++) {
                        c[i] = x * i;
                    }
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += c[i] * c[i];
                    }
                    return s;
                }

                @Differentiable(hessian = true)
                public static double grid(double x, int rows, int columns) {
                    double[][] g = new double[rows][columns];
                    double s = x;
                    for (int i = 0; i < rows; i++) {
                        g[i][0] = x * i;
                        s += g[i][0] * x;
                    }
                    return s;
                }

                @Differentiable(hessian = true)
                public static double element(double[] a, int i, double x) {
                    return a[i] * x * x;
                }

                @Differentiable(hessian = true)
                public static double ratio(double x, int n, int d) {
                    return x * x * (n / d) + x * (n % (d + 1));
                }

                @Differentiable(hessian = true)
                public static double stride(double[] a, int d, double x) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += a[i / d] * x * x;
                    }
                    return s;
                }

                @Differentiable(hessian = true)
                public static double first(double[] a, double x) {
                    if (a.length == 0) {
                        throw new IllegalArgumentException("empty");
                    }
                    return a[0] * x * x;
                }

                @Differentiable(hessian = true)
                public static double weighted(double x, double[] a, double[] w) {
                    if (w == null) {
                        throw new IllegalArgumentException("no weights");
                    }
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += w[i] * a[i] * x * x;
                    }
                    return s;
                }

                /** A data-dependent loop (taped) that may run off the end of a. */
                @Differentiable(hessian = true)
                public static double walk(double x, double[] a, double limit) {
                    double s = 0;
                    int i = 0;
                    while (s < limit) {
                        s += a[i] * x * x;
                        i++;
                    }
                    return s;
                }

                /** Reads only the first row: a null row after it is the primal's business, not an error. */
                @Differentiable(hessian = true)
                public static double corner(double[][] m, double x) {
                    return m[0][0] * x * x + m.length;
                }

                @Differentiable(hessian = true)
                public static double trace(double[][] m, double x) {
                    if (x == 0) {
                        return 0;
                    }
                    double s = 0;
                    for (int i = 0; i < m.length; i++) {
                        s += m[i][i] * x * x;
                    }
                    return s;
                }

                @Differentiable(wrt = {"w"}, hessian = true)
                public static double loss(double[] w, double[] xs, double scale) {
                    if (scale == 0) {
                        return 0;
                    }
                    double s = 0;
                    for (int i = 0; i < xs.length; i++) {
                        s += w[i] * w[i] * xs[i] * scale;
                    }
                    return s;
                }

                @Differentiable
                public static double[] scaled(double[] a, double x) {
                    double[] r = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        r[i] = a[i] * x;
                    }
                    return r;
                }

                /** One output: the Jacobian is taken by reverse sweeps, also for a null array. */
                @Differentiable
                public static double[] head(double[] a, double x) {
                    double[] r = new double[1];
                    r[0] = x * x;
                    if (a == null) {
                        return r;
                    }
                    r[0] += a[0] * x;
                    return r;
                }

                @Differentiable
                public static double[] pair(double[] a, double x, int n) {
                    double[] r = new double[2];
                    if (n < 0) {
                        return r;
                    }
                    r[0] = x * n;
                    r[1] = a[n] * x;
                    return r;
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(SOURCE);
    private static final ParityCheck PARITY = new ParityCheck(COMPILED, "p.Parity");

    /** One call of the primal: the method and its arguments. */
    record Call(String method, Object... arguments) {
        @Override
        public String toString() {
            return method + Arrays.deepToString(arguments).replace('[', '(').replace(']', ')');
        }
    }

    static Stream<Call> calls() {
        double[] empty = {};
        double[] two = {0.5, -1.5};
        double[] three = {0.5, -1.5, 2.0};
        return Stream.of(
                new Call("gauss", null, 0.0, -1.0),
                new Call("gauss", null, 0.0, 1.0),
                new Call("gauss", empty, 0.0, 1.0),
                new Call("gauss", three, 0.2, 1.5),
                new Call("dot", empty, null),
                new Call("dot", null, empty),
                new Call("dot", null, null),
                new Call("dot", two, three),
                new Call("dot", three, two),
                new Call("twice", 1.5, empty, null),
                new Call("twice", 1.5, three, null),
                new Call("twice", 1.5, three, two),
                new Call("twice", 1.5, two, three),
                new Call("sized", 0.7, 3),
                new Call("sized", 0.7, 0),
                new Call("sized", 0.7, -1),
                new Call("grid", 0.7, 2, 3),
                new Call("grid", 0.7, 2, -1),
                new Call("grid", 0.7, -2, 1),
                new Call("grid", 0.7, 2, 0),
                new Call("element", three, 2, 0.7),
                new Call("element", three, 3, 0.7),
                new Call("element", three, -1, 0.7),
                new Call("element", null, 0, 0.7),
                new Call("ratio", 0.7, 5, 2),
                new Call("ratio", 0.7, 5, 0),
                new Call("ratio", 0.7, 5, -1),
                new Call("stride", three, 2, 0.7),
                new Call("stride", three, 0, 0.7),
                new Call("stride", empty, 0, 0.7),
                new Call("first", three, 0.7),
                new Call("first", empty, 0.7),
                new Call("first", null, 0.7),
                new Call("weighted", 0.7, three, three),
                new Call("weighted", 0.7, three, null),
                new Call("weighted", 0.7, null, null),
                new Call("weighted", 0.7, null, three),
                new Call("weighted", 0.7, three, two),
                new Call("walk", 0.7, three, 0.1),
                new Call("walk", 0.7, three, 100.0),
                new Call("walk", 0.7, null, -1.0),
                new Call("walk", 0.7, empty, 0.1),
                new Call("trace", new double[][] {{1, 2}, {3, 4}}, 0.7),
                new Call("trace", null, 0.0),
                new Call("trace", null, 0.7),
                new Call("trace", new double[][] {null, {3, 4}}, 0.7),
                new Call("trace", new double[][] {{1, 2}}, 0.7),
                new Call("corner", new double[][] {{1, 2}, null}, 0.7),
                new Call("corner", new double[][] {null, {1, 2}}, 0.7),
                new Call("trace", new double[][] {{1}, {3}}, 0.7),
                new Call("loss", three, three, 2.0),
                new Call("loss", null, null, 0.0),
                new Call("loss", null, empty, 2.0),
                new Call("loss", null, three, 2.0),
                new Call("loss", two, three, 2.0),
                new Call("loss", three, two, 2.0),
                new Call("scaled", three, 0.7),
                new Call("scaled", empty, 0.7),
                new Call("scaled", null, 0.7),
                new Call("head", null, 0.7),
                new Call("head", three, 0.7),
                new Call("head", empty, 0.7),
                new Call("pair", three, 0.7, 1),
                new Call("pair", null, 0.7, -1),
                new Call("pair", three, 0.7, 3),
                new Call("pair", null, 0.7, 0),
                new Call("pair", new double[5], 0.7, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("calls")
    void everyGeneratedMethodEndsAsThePrimalEnds(Call call) {
        List<String> mismatches = PARITY.mismatches(call.method(), call.arguments());
        assertEquals(List.of(), mismatches, call.toString());
    }
}
