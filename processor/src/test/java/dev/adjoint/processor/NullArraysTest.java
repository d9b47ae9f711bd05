package dev.adjoint.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Null arrays: {@code w == null} and {@code w != null} on array parameters, and a null array argument
 * that the primal never reads. Both modes return where the primal returns, and reverse mode gives a
 * null partial for a null array (issue 16).
 */
class NullArraysTest {

    private static final String SOURCE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Nulls {
                @Differentiable
                public static double dot(double[] a, double[] w) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += a[i] * w[i];
                    }
                    return s;
                }

                /** The null array goes on to a callee, which returns without reading it. */
                @Differentiable
                public static double twice(double x, double[] a, double[] w) {
                    return 2 * dot(a, w) * x;
                }

                @Differentiable
                public static double rms(double[] a) {
                    if (a == null || a.length == 0) {
                        return 0;
                    }
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += a[i] * a[i];
                    }
                    return Math.sqrt(s / a.length);
                }

                /** Weighted when there are weights: null on either side of != and ==. */
                @Differentiable
                public static double weightedSum(double x, double[] a, double[] w) {
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += (w != null ? w[i] : 1.0) * a[i] * x;
                    }
                    return null == w ? s : s + dot(w, w);
                }

                /** Two returns, so the adjoint sweep follows the whole forward sweep. */
                @Differentiable
                public static double scaledTrace(double x, double[][] m, int n) {
                    if (n <= 0) {
                        return x;
                    }
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += m[i][i] * x;
                    }
                    return s;
                }
            }
            """;

    private static final Compiled COMPILED = AdjointCompiler.compileStrict(SOURCE);

    @Test
    void aNullArrayThePrimalNeverReadsGetsANullPartial() throws Exception {
        double[] empty = new double[0];
        assertEquals(0.0, (double) invoke(COMPILED.load("p.Nulls"), "dot", empty, null));
        Object gradient = invoke(COMPILED.gradClassFor("p.Nulls"), "dotGradient", empty, null);
        assertEquals(0.0, component(gradient, "value"));
        assertArrayEquals(new double[0], (double[]) component(gradient, "dA"));
        assertNull(component(gradient, "dW"));
        Dual forward = (Dual) invoke(COMPILED.gradClassFor("p.Nulls"), "dotForward", DualArrays.constant(empty), null);
        assertEquals(0.0, forward.value());
    }

    @Test
    void aNullTestReturnsWhereThePrimalReturnsInBothModes() throws Exception {
        for (double[] a : new double[][] {null, {}}) {
            Object gradient = invoke(COMPILED.gradClassFor("p.Nulls"), "rmsGradient", (Object) a);
            assertEquals(0.0, component(gradient, "value"));
            assertArrayEquals(a, (double[]) component(gradient, "dA"));
            Dual forward = (Dual) invoke(COMPILED.gradClassFor("p.Nulls"), "rmsForward",
                    (Object) (a == null ? null : DualArrays.constant(a)));
            assertEquals(new Dual(0.0, 0.0), forward);
        }
        double[] a = {0.5, -1.5, 2.0};
        new ArrayChecker(COMPILED, "p.Nulls").check("rms", 1e-8, (Object) a);
    }

    @Test
    void eitherSideOfTheNullTestDifferentiatesTheBranchTaken() throws Exception {
        ArrayChecker checker = new ArrayChecker(COMPILED, "p.Nulls");
        double[] a = {0.5, -1.5, 2.0};
        double[] w = {1.5, 0.25, -0.75};
        checker.check("weightedSum", 1e-8, 0.7, a, w);
        Object unweighted = invoke(COMPILED.gradClassFor("p.Nulls"), "weightedSumGradient", 0.7, a, null);
        assertEquals(checker.value("weightedSum", 0.7, a, null), component(unweighted, "value"));
        assertEquals(1.0, component(unweighted, "dX"));
        assertArrayEquals(new double[] {0.7, 0.7, 0.7}, (double[]) component(unweighted, "dA"));
        assertNull(component(unweighted, "dW"));
        Dual forward = (Dual) invoke(COMPILED.gradClassFor("p.Nulls"), "weightedSumForward", Dual.variable(0.7),
                DualArrays.constant(a), null);
        assertEquals(checker.value("weightedSum", 0.7, a, null), forward.value());
        assertEquals(1.0, forward.tangent(), 1e-15);
    }

    @Test
    void aNullArrayPassedOnToACalleeThatNeverReadsIt() throws Exception {
        double[] empty = new double[0];
        Object gradient = invoke(COMPILED.gradClassFor("p.Nulls"), "twiceGradient", 1.5, empty, null);
        assertEquals(0.0, component(gradient, "value"));
        assertEquals(0.0, component(gradient, "dX"));
        assertNull(component(gradient, "dW"));
        Dual forward = (Dual) invoke(COMPILED.gradClassFor("p.Nulls"), "twiceForward", Dual.variable(1.5),
                DualArrays.constant(empty), null);
        assertEquals(0.0, forward.value());
        Object full = invoke(COMPILED.gradClassFor("p.Nulls"), "twiceGradient", 1.5, new double[] {1, 2}, new double[] {3, 4});
        assertArrayEquals(new double[] {9, 12}, (double[]) component(full, "dA"));
        assertArrayEquals(new double[] {3, 6}, (double[]) component(full, "dW"));
    }

    @Test
    void aNullMatrixWhereThePrimalReturnsFirst() throws Exception {
        Object gradient = invoke(COMPILED.gradClassFor("p.Nulls"), "scaledTraceGradient", 1.5, null, 0);
        assertEquals(1.5, component(gradient, "value"));
        assertEquals(1.0, component(gradient, "dX"));
        assertNull(component(gradient, "dM"));
        Object full = invoke(COMPILED.gradClassFor("p.Nulls"), "scaledTraceGradient", 1.5,
                new double[][] {{2.0, 0.0}, {0.0, 3.0}}, 2);
        assertEquals(5.0, component(full, "dX"));
        assertArrayEquals(new double[][] {{1.5, 0.0}, {0.0, 1.5}}, (double[][]) component(full, "dM"));
    }

    static Object invoke(Class<?> owner, String name, Object... arguments) throws Exception {
        Method method = Arrays.stream(owner.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(owner + " has no " + name));
        return method.invoke(null, arguments);
    }

    static Object component(Object record, String name) throws Exception {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c.getAccessor().invoke(record);
            }
        }
        throw new AssertionError(record.getClass() + " has no component " + name);
    }
}
