package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Local arrays declared with an initializer: {@code double[] c = {1, x};} and its relatives. */
class ArrayInitializersTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Tables {
                /** A coefficient table read in a loop (Horner), the way special functions are written. */
                @Differentiable
                public static double series(double x) {
                    final double[] coefficients = {1.0, 1.0, 0.5, 1.0 / 6, 1.0 / 24, 1.0 / 120};
                    double r = 0;
                    for (int i = coefficients.length - 1; i >= 0; i--) {
                        r = r * x + coefficients[i];
                    }
                    return r;
                }

                /** Elements that depend on the inputs, an int among them, in a C-style declaration. */
                @Differentiable
                public static double mixed(double x, double y, int n) {
                    double c[] = {x, 2 * y, n, Math.sin(x * y)};
                    var d = new double[] {y, c[0] * c[3]};
                    double s = 0;
                    for (int i = 0; i < c.length; i++) {
                        s += c[i] * c[i] * (i + 1);
                    }
                    return s + d[0] * d[1];
                }

                /** A rectangular matrix written out. */
                @Differentiable
                public static double determinant(double a, double b) {
                    double[][] m = {{a, b, 1}, {b * b, a, 2}, {1, a * b, 3}};
                    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
                }
            }
            """;

    @Test
    void bothModesDifferentiateTheElements() {
        Compiled c = AdjointCompiler.compileStrict(SOURCE);
        for (double x : new double[] {-1.3, 0.2, 0.9}) {
            c.checker("p.Tables").check("series", x);
            c.checker("p.Tables").check("mixed", x, 0.7 - x, 3);
            c.checker("p.Tables").check("determinant", x, 1.1 + x);
        }
    }

    @Test
    void knownValues() throws Exception {
        Compiled c = AdjointCompiler.compileStrict(SOURCE);
        Object gradient = c.gradClassFor("p.Tables").getMethod("seriesGradient", double.class).invoke(null, 0.5);
        double derivative = (double) gradient.getClass().getMethod("dX").invoke(gradient);
        // d/dx of the degree-5 Taylor polynomial of exp is the degree-4 one
        assertEquals(1 + 0.5 + 0.125 + 0.125 / 6 + 0.0625 / 24, derivative, 1e-15);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            rows of different lengths | @Differentiable public static double f(double x) { double[][] m = {{x}, {x, x}}; return m[0][0]; } | rows of different lengths is not supported | double[][] m
            a row that is an array    | @Differentiable public static double f(double x) { double[] r = {x}; double[][] m = {r, r}; return m[0][0]; } | a row that is not written out | double[][] m
            """)
    void whatIsNotReadIsAnErrorOnItsLine(String name, String member, String message, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Bad {\n    " + member + "\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
