package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Private static members of the user's class, read by differentiable code as the user wrote it: the
 * generated class copies private static final fields (with their own initializers) and private static
 * helpers (their value and derivatives), so values stay bit-identical to the user's method.
 */
class PrivateMembersTest {

    private static final String LANCZOS = """
            package p;

            import dev.adjoint.Differentiable;

            public class Gamma {
                private static final double HALF_LOG_2_PI = 0.5 * Math.log(2 * Math.PI);
                private static final double[] LANCZOS = {0.99999999999998, 57.15623566586292, -59.59796035547549,
                        14.136097974741746, -0.4919138160976202, 3.399464998481189E-5, 4.652362892704858E-5,
                        -9.837447530487956E-5, 1.580887032249125E-4, -2.1026444172410488E-4, 2.1743961811521265E-4,
                        -1.643181065367639E-4, 8.441822398385275E-5, -2.6190838401581408E-5, 3.6899182659531625E-6};
                private static final double G = 607.0 / 128.0;
                private static final double LANCZOS_LAST = LANCZOS[LANCZOS.length - 1] * 2;
                private static final int TERMS = LANCZOS.length;

                @Differentiable
                public static double logGamma(double x) {
                    double sum = lanczos(x);
                    double tmp = x + G + .5;
                    return ((x + .5) * Math.log(tmp)) - tmp + HALF_LOG_2_PI + Math.log(sum / x);
                }

                private static double lanczos(double x) {
                    double sum = 0.0;
                    for (int i = LANCZOS.length - 1; i > 0; --i) {
                        sum += LANCZOS[i] / (x + i);
                    }
                    return sum + LANCZOS[0];
                }

                @Differentiable
                public static double tail(double x) {
                    return x * LANCZOS_LAST + TERMS + (isOdd(TERMS) ? x : -x);
                }

                private static boolean isOdd(int n) {
                    return (n & 1) == 1;
                }
            }
            """;

    @Test
    void privateConstantsTablesAndHelpersAreCopiedIntoTheGeneratedClass() {
        Compiled compiled = compile(LANCZOS);
        GradientChecker k = compiled.checker("p.Gamma");
        for (double x : new double[] {0.5, 1.5, 3.25, 10.0, 42.0}) {
            k.check("logGamma", x);
            k.check("tail", x);
        }
        // logGamma(1) = 0 and its derivative is the digamma function at 1, -Euler's constant
        k.check("logGamma", 1.0).assertDerivatives(1e-13, -0.5772156649015329);
    }

    @Test
    void recursivePrivateHelpersAndLengthsOfStaticArraysWorkInBothModes() {
        GradientChecker k = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Rec {
                    public static final double[] WEIGHTS = {0.5, 1.5, -2.0};
                    private static final double[] SHIFTS = {0.25, -0.75};

                    @Differentiable
                    public static double f(double x, double y) {
                        double s = 0;
                        for (int i = 0; i < WEIGHTS.length; i++) {
                            s += WEIGHTS[i] * power(x + SHIFTS[i % SHIFTS.length], i + 1);
                        }
                        return s * evenOrOdd(y, 3) + Rec.WEIGHTS.length;
                    }

                    private static double power(double b, int n) {
                        return n == 0 ? 1.0 : b * power(b, n - 1);
                    }

                    private static double evenOrOdd(double v, int n) {
                        return n == 0 ? v : odd(v, n - 1);
                    }

                    private static double odd(double v, int n) {
                        return n == 0 ? Math.sin(v) : evenOrOdd(v * v, n - 1);
                    }
                }
                """).checker("p.Rec");
        for (double[] p : new double[][] {{0.3, 1.7}, {-1.2, 0.4}, {0.9, -0.6}}) {
            k.check("f", p[0], p[1]);
        }
        // f(x, y) = (0.5 (x + 0.25) + 1.5 (x - 0.75)^2 - 2 (x + 0.25)^3) * sin(y^2) + 3
        double x = 0.3;
        double y = 0.8;
        double poly = 0.5 * (x + 0.25) + 1.5 * (x - 0.75) * (x - 0.75) - 2 * Math.pow(x + 0.25, 3);
        double dPoly = 0.5 + 3 * (x - 0.75) - 6 * (x + 0.25) * (x + 0.25);
        k.check("f", x, y).assertDerivatives(1e-13, dPoly * Math.sin(y * y), poly * Math.cos(y * y) * 2 * y);
    }

    private static final String SAFE = """
            package p;

            import dev.adjoint.Differentiable;

            public class Unsafe {
                %s

                @Differentiable
                public static double good(double x) {
                    return x * x;
                }

                @Differentiable
                public static double reads(double x) {
                    return x * %s;
                }
            }
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            element written      | private static final double[] T = {1, 2}; static void set() { T[0] = 3; }         | T[1]   | 'its elements are written at line 6 (T[0] = 3)'
            element added to     | private static final double[] T = {1, 2}; static void set() { T[1] += 3; }        | T[1]   | 'its elements are written at line 6 (T[1] += 3)'
            element incremented  | private static final double[] T = {1, 2}; static void set() { T[1]++; }           | T[0]   | 'its elements are written at line 6 (T[1]++)'
            written in parentheses | private static final double[] T = {1, 2}; static void set() { (T[0]) = 3; }     | T[1]   | 'its elements are written at line 6 ((T[0]) = 3)'
            incremented in parentheses | private static final double[] T = {1, 2}; static void set() { (T[1])--; }  | T[0]   | 'its elements are written at line 6 ((T[1])--)'
            array passed         | private static final double[] T = {1, 2}; static void set() { java.util.Arrays.fill(T, 0); } | T[0] | 'the array escapes at line 6 (java.util.Arrays.fill(T, 0))'
            array returned       | private static final double[] T = {1, 2}; static double[] get() { return T; }    | T[0]   | the array escapes at line 6 (return T;)
            array aliased        | private static final double[] T = {1, 2}; static double first() { double[] a = T; return a[0]; } | T.length | the array escapes at line 6
            static block         | private static final double K; static { K = Math.sqrt(2); }                        | K      | it has no initializer (it is assigned at line 6)
            array not written out | private static final double[] T = new double[3];                                 | T[0]   | its initializer is not written out element by element
            reads a mutable field | static double scale = 2; private static final double K = scale * 2;             | K      | its initializer reads Unsafe.scale, which is not final
            calls a method       | private static final double K = System.nanoTime();                                 | K      | its initializer calls nanoTime
            matrix               | private static final double[][] M = {{1}};                                         | M[0][0] | an array of type double[][] cannot be copied
            """)
    void aPrivateFieldACopyCouldDifferFromIsAnErrorOnTheReadingLine(String construct, String declaration, String read,
            String reason) {
        String source = String.format(SAFE, declaration, read);
        Compilation compilation = AdjointCompiler.compileRaw(List.of(), source);
        String name = read.substring(0, 1);
        assertThat(compilation).hadErrorContaining("private field '" + name
                + "' cannot be copied into the generated class, which cannot read it: " + reason)
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("return x * " + read);
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aPrivateHelperThatCannotBeReadIsAnErrorOnEachCallQuotingTheHelpersLine() {
        Compilation compilation = AdjointCompiler.compileRaw(List.of(), """
                package p;

                import dev.adjoint.Differentiable;

                public class Helpers {
                    @Differentiable
                    public static double f(double x) {
                        return 2 * outer(x);
                    }

                    private static double outer(double x) {
                        return inner(x) + 1;
                    }

                    private static double inner(double x) {
                        return x * new java.util.Random(1).nextDouble();
                    }
                }
                """);
        assertThat(compilation).hadErrorContaining("private method 'outer' cannot be copied into the generated class, "
                        + "which cannot call it: line 12: private method 'inner' cannot be copied into the generated "
                        + "class, which cannot call it: line 16: calling a method on an object")
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("return 2 * outer(x);");
        assertThat(compilation).hadErrorCount(1);
    }

    @Test
    void aNonFinalPrivateFieldStaysAnError() {
        Compilation compilation = AdjointCompiler.compileRaw(List.of(), String.format(SAFE,
                "private static double[] T = {1, 2};", "T[0]"));
        assertThat(compilation).hadErrorContaining("field 'T' is private and not a compile-time constant")
                .inFile(compilation.sourceFiles().get(0)).onLineContaining("return x * T[0]");
    }

    /**
     * A private helper named like a @Differentiable method of its class (an overload): forward sweeps
     * call the method's sweep and the helper's forward mode, each by its own signature.
     */
    @Test
    void aHelperOverloadingAMethodKeepsItsForwardMode() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Overloads {
                    @Differentiable
                    public static double sq(double x) {
                        return x * x;
                    }

                    private static double sq(double x, double y) {
                        return x * y;
                    }

                    @Differentiable
                    public static double both(double x, double y) {
                        return sq(x) + sq(x, y);
                    }
                }
                """);
        GradientChecker checker = c.checker("p.Overloads");
        checker.check("both", 0.7, -1.3).assertDerivatives(1e-15, 2 * 0.7 - 1.3, 0.7);
    }
}
