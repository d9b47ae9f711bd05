package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compile;
import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The shape of the generated class itself, and that it compiles warning-free. */
class GeneratedCodeTest {

    /** A source exercising most of the supported language, for the lint check. */
    private static final String RICH = """
            package p;

            import dev.adjoint.Differentiable;

            public class Rich {
                static final double K = 0.5;

                @Differentiable
                public static double helper(double x, int n) {
                    return n * Math.sin(x) + K;
                }

                @Differentiable
                public static double f(double x, double y, int n, boolean b, long l) {
                    double a = x * y;
                    int m = n / 2;
                    m++;
                    a += m * x;
                    a *= y;
                    a -= 1;
                    a /= 3;
                    if (b && x > y || !(n >= 0)) {
                        return -a;
                    } else if (x == y) {
                        a = Math.abs(a);
                    } else {
                        a = Math.max(a, x) + Math.min(y, a) + Math.floor(x);
                    }
                    double c = (int) x + (double) n;
                    x = a > 0 ? Math.sqrt(a) : Math.exp(a);
                    return helper(x, m) * c + Math.pow(x, 2) + Math.PI;
                }

                @Differentiable
                public static double g(double x) {
                    return f(x, x, 3, false, 1L);
                }

                @Differentiable
                public static double g(double x, double y) {
                    return f(x, y, 3, true, 2L);
                }
            }
            """;

    @Test
    void generatedCodeCompilesWithoutAnyWarningUnderXlintAllWerror() {
        Compiled c = compileStrict(RICH);
        c.checker("p.Rich").check("f", 0.5, 1.3, 4, false, 3L);
        c.checker("p.Rich").check("g", 0.5, 1.3);
        c.checker("p.Rich").check("g", 0.3);
        c.checker("p.Rich").check("helper", 0.3, 2);
    }

    /**
     * The same with the processing lint off: isolates warnings in the generated code itself (casts,
     * rawtypes, ...) from processor-level ones such as "No processor claimed any of these
     * annotations: javax.annotation.processing.Generated", which javac reports under -Xlint:processing
     * for the @Generated on the generated class unless some processor claims that annotation.
     */
    @Test
    void generatedCodeItselfHasNoLintWarnings() {
        Compiled c = compile(List.of("-parameters", "-Xlint:all,-processing", "-Werror"), RICH);
        c.checker("p.Rich").check("f", 0.5, 1.3, 4, false, 3L);
    }

    /**
     * Every generated member is documented: {@code -Xdoclint:all} finds nothing in the generated files
     * (first order, a vector-valued method, second order). JDK 17's doclint does not read a record's
     * {@code @param} tags as its components' comments (later JDKs do), so there those "no comment"
     * warnings on a record's header are the only ones allowed.
     */
    @Test
    void generatedJavadocIsCompleteUnderDoclintAll() {
        String source = """
                package p;

                import dev.adjoint.Differentiable;

                /** A documented user class. */
                public class Documented {
                    private Documented() {
                    }

                    /**
                     * A method with second derivatives.
                     *
                     * @param x the first input
                     * @param w some weights
                     * @param n a count
                     * @return a number
                     */
                    @Differentiable(hessian = true)
                    public static double f(double x, double[] w, int n) {
                        double s = x * n;
                        for (int i = 0; i < w.length; i++) {
                            s += Math.sin(w[i] * x);
                        }
                        return s;
                    }

                    /**
                     * A vector-valued method.
                     *
                     * @param r a radius
                     * @param theta an angle
                     * @return a point
                     */
                    @Differentiable
                    public static double[] polar(double r, double theta) {
                        double[] p = new double[2];
                        p[0] = r * Math.cos(theta);
                        p[1] = r * Math.sin(theta);
                        return p;
                    }
                }
                """;
        var compilation = dev.adjoint.processor.testing.AdjointCompiler.compileRaw(
                List.of("-parameters", "-Xdoclint:all"), source);
        List<String> warnings = new java.util.ArrayList<>();
        for (var d : compilation.diagnostics()) {
            if (d.getSource() == null || !d.getSource().getName().endsWith("DocumentedGrad.java")) {
                continue;
            }
            List<String> lines = dev.adjoint.processor.testing.AdjointCompiler.textOf(d.getSource()).lines().toList();
            String line = lines.get((int) d.getLineNumber() - 1);
            // a record's header may wrap: its first line is at most a few lines up
            boolean inRecordHeader = lines.subList(Math.max(0, (int) d.getLineNumber() - 4), (int) d.getLineNumber())
                    .stream().anyMatch(l -> l.contains(" record "));
            boolean jdk17RecordComponent = Runtime.version().feature() < 21
                    && d.getMessage(java.util.Locale.ROOT).equals("no comment") && inRecordHeader;
            if (!jdk17RecordComponent) {
                warnings.add(d.getLineNumber() + ": " + d.getMessage(java.util.Locale.ROOT) + " | " + line.strip());
            }
        }
        assertEquals(List.of(), warnings,
                () -> dev.adjoint.processor.testing.AdjointCompiler.describe(compilation, source));
    }

    @Test
    void generatedClassIsFinalWithNoUsableConstructorAndAnnotatedGenerated() {
        Compiled c = compile(RICH);
        Class<?> grad = c.gradClassFor("p.Rich");
        assertTrue(Modifier.isFinal(grad.getModifiers()), grad + " should be final\n" + c.describe());
        assertEquals("p", grad.getPackageName());
        for (Constructor<?> ctor : grad.getDeclaredConstructors()) {
            assertTrue(Modifier.isPrivate(ctor.getModifiers()), ctor + " should be private\n" + c.describe());
        }
        String text = c.generatedSource("p.RichGrad");
        boolean qualified = text.contains("@javax.annotation.processing.Generated");
        boolean imported = Pattern.compile("(?m)^import\\s+javax\\.annotation\\.processing\\.Generated\\s*;").matcher(text).find()
                && Pattern.compile("(?m)^@Generated\\b").matcher(text).find();
        assertTrue(qualified || imported, "RichGrad should be annotated @javax.annotation.processing.Generated:\n" + text);
        assertTrue(text.contains("dev.adjoint.processor.AdjointProcessor"),
                "@Generated should name the processor:\n" + text);
        // everything but the user's classes comes from the runtime: no processor or compile-time types
        assertFalse(text.contains("com.sun."), text);
        assertFalse(text.contains("javax.lang.model"), text);
    }

    /**
     * A generated member's Javadoc links the method it derives from: the user's method through the user
     * class, a generated one (the tangent function) in the generated class itself. A user method whose
     * name ends in "Tangent" is still the user's. Doclint checks that every link resolves.
     */
    @Test
    void javadocLinksResolveForAUserMethodNamedLikeATangentFunction() {
        Compiled c = compile(List.of("-parameters", "-Xdoclint:reference"), """
                package p;

                import dev.adjoint.Differentiable;

                public class Prices {
                    @Differentiable
                    public static double priceTangent(double x) {
                        return x * x;
                    }

                    @Differentiable(hessian = true)
                    public static double f(double x) {
                        return priceTangent(x) * x;
                    }
                }
                """);
        String text = c.generatedSource("p.PricesGrad");
        assertTrue(text.contains("The value and gradient of {@link Prices#priceTangent}."), text);
        assertTrue(text.contains("The value and gradient of {@link #fTangent}."), text);
        assertTrue(text.contains("Reverse mode of {@link p.Prices#priceTangent}:"), text);
        assertTrue(text.contains("Reverse mode of {@link #fTangent}:"), text);
        assertTrue(text.contains("Reverse mode of {@link #priceTangentTangent}:"), text);
    }

    @Test
    void nestedClassGetsOuterUnderscoreInnerGrad() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Outer {
                    @Differentiable
                    public static double top(double x) {
                        return Inner.f(x, 2.0) + x;
                    }

                    public static class Inner {
                        @Differentiable
                        public static double f(double x, double y) {
                            return Math.sin(x) * y;
                        }

                        public static final class Deeper {
                            @Differentiable
                            public static double h(double z) {
                                return z * z * Inner.f(z, z);
                            }
                        }
                    }
                }
                """);
        assertEquals("p.Outer_InnerGrad", Compiled.gradNameFor("p.Outer$Inner"));
        c.checker("p.Outer$Inner").check("f", 0.3, 1.7).assertDerivatives(1e-15, Math.cos(0.3) * 1.7, Math.sin(0.3));
        c.checker("p.Outer$Inner$Deeper").check("h", 0.3);
        c.checker("p.Outer").check("top", 0.3).assertDerivatives(1e-15, 2 * Math.cos(0.3) + 1);
        assertTrue(Modifier.isFinal(c.load("p.Outer_InnerGrad").getModifiers()));
        assertEquals(null, c.load("p.Outer_InnerGrad").getEnclosingClass(), "Outer_InnerGrad should be top-level");
    }

    @Test
    void nestedClassUsesEnclosingClassMembersUnqualified() {
        Compiled c = compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Host {
                    static final double K = 1.5;

                    @Differentiable
                    public static double outer(double x) {
                        return x * x * K;
                    }

                    static class Guest {
                        @Differentiable
                        static double inner(double x) {
                            return outer(x) * K + Host.outer(x);
                        }
                    }
                }
                """);
        // inner = 1.5 x^2 * 1.5 + 1.5 x^2 = 3.75 x^2
        c.checker("p.Host$Guest").check("inner", 0.4).assertDerivatives(1e-15, 7.5 * 0.4);
    }

    @Test
    void packagePrivateClassAndMethod() {
        Compiled c = compile("""
                package p.q;

                import dev.adjoint.Differentiable;

                final class Hidden {
                    private Hidden() {}

                    @Differentiable
                    static double f(double value) {
                        return value * value;
                    }
                }
                """);
        c.checker("p.q.Hidden").check("f", 1.5).assertDerivatives(0, 3.0);
    }
}
