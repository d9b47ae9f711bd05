package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import java.lang.reflect.Method;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@code @Differentiable(wrt = ...)}: only the named parameters are differentiated. */
class WrtTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Model {
                @Differentiable(wrt = {"w", "bias"})
                public static double loss(double[] w, double bias, double[][] features, double[] labels, double scale) {
                    double s = 0;
                    for (int i = 0; i < labels.length; i++) {
                        double z = bias;
                        for (int j = 0; j < w.length; j++) {
                            z += w[j] * features[i][j];
                        }
                        s += scale * (z - labels[i]) * (z - labels[i]);
                    }
                    return s;
                }

                @Differentiable(wrt = "y")
                public static double onlyY(double x, double y) {
                    return Math.sin(x * y) + x * x;
                }

                @Differentiable
                public static double caller(double[] w, double b, double x) {
                    double[][] f = new double[2][2];
                    double[] y = new double[2];
                    f[0][0] = 1;
                    f[1][1] = 2;
                    y[0] = 0.5;
                    return loss(w, b * b, f, y, 3.0) + onlyY(2.0, x * b);
                }
            }
            """);

    private static final ArrayChecker MODEL = new ArrayChecker(COMPILED, "p.Model");

    @Test
    void generatedSignaturesKeepTheOtherParametersAsTheyAre() throws Exception {
        Class<?> grad = COMPILED.gradClassFor("p.Model");
        Method forward = Arrays.stream(grad.getMethods()).filter(m -> m.getName().equals("lossForward")).findFirst()
                .orElseThrow();
        assertEquals("[class [Ldev.adjoint.runtime.Dual;, class dev.adjoint.runtime.Dual, class [[D, class [D, double]",
                Arrays.toString(forward.getParameterTypes()));
        Method reverse = Arrays.stream(grad.getMethods()).filter(m -> m.getName().equals("lossGradient")).findFirst()
                .orElseThrow();
        assertEquals("[value, dW, dBias]", Arrays.toString(Arrays.stream(reverse.getReturnType().getRecordComponents())
                .map(c -> c.getName()).toArray()));
    }

    @Test
    void derivativesWithRespectToTheSelectedParameters() {
        double[][] features = {{0.5, -1.2}, {1.5, 0.2}, {-0.4, 0.9}};
        double[] labels = {1, 0, 0.5};
        MODEL.wrt(0, 1).check("loss", 1e-7, new double[] {0.2, -0.4}, 0.1, features, labels, 0.7);
        MODEL.wrt(1).check("onlyY", 1e-7, 0.3, -1.1);
    }

    @Test
    void callsIntoMethodsWithWrt() {
        MODEL.check("caller", 1e-7, new double[] {0.2, -0.4}, 0.8, 0.3);
    }
}
