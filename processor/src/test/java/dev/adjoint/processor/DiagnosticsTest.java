package dev.adjoint.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.processor.testing.AdjointCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Every diagnostic of the processor: its text and the line javac reports it on. Each case puts one
 * bad method beside a good one, which must still get its derivatives.
 */
class DiagnosticsTest {

    private static JavaFileObject source(String body) {
        return JavaFileObjects.forSourceString("p.Bad", """
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    static double field;
                    static final double CONSTANT = 2.0;
                    private static double HIDDEN = Math.sqrt(2.0);
                    static double helper(double v) { return v; }
                    static double constantHelper(int n) { return n * 0.5; }
                    private static double hiddenHelper(int n) { return new java.util.Random(n).nextDouble(); }

                    @Differentiable
                    public static double good(double x) {
                        return x * x;
                    }

                """ + body + "\n}\n");
    }

    private static Compilation compile(String body) {
        return Compiler.javac().withProcessors(new AdjointProcessor()).compile(source(body));
    }

    /**
     * The generated BadGrad source of a compilation that failed, which compile-testing does not
     * expose, from javac run directly with a source output folder.
     */
    private static String generatedDespiteErrors(String body) throws IOException {
        Path out = Files.createTempDirectory("adjoint-diagnostics");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("-d", out.toString(), "-s", out.toString(),
                    "-classpath", System.getProperty("java.class.path"));
            JavaCompiler.CompilationTask task = javac.getTask(null, files, d -> { }, options, null, List.of(source(body)));
            task.setProcessors(List.of(new AdjointProcessor()));
            task.call();
        }
        Path grad = out.resolve("p/BadGrad.java");
        return Files.exists(grad) ? Files.readString(grad) : "";
    }

    /**
     * Asserts an error containing {@code message} on the line containing {@code line}, and that the
     * good method beside the bad one still got its derivatives.
     */
    private static void assertError(String body, String message, String line) throws IOException {
        Compilation compilation = compile(body);
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0)).onLineContaining(line);
        assertThat(generatedDespiteErrors(body)).contains("goodGradient");
    }

    private static String generated(Compilation compilation) {
        try {
            return compilation.generatedSourceFile("p.BadGrad").orElseThrow().getCharContent(true).toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            instance method     | @Differentiable public double inst(double x) { return x; }                          | must be static                         | public double inst
            returns int         | @Differentiable public static int ret(double x) { return 1; }                        | returns int; it must return double     | public static int ret
            nothing to differentiate | @Differentiable public static double none(int n) { return n; }                   | has nothing to differentiate           | double none
            Object parameter    | @Differentiable public static double obj(double x, Object o) { return x; }          | parameter 'o' has type java.lang.Object | Object o
            generic method      | @Differentiable public static <T> double gen(double x) { return x; }                 | is generic                             | <T>
            varargs             | @Differentiable public static double va(double... xs) { return 0; }                  | variable-arity                         | double... xs
            labeled loop        | @Differentiable public static double lb(double x) { outer: for (int i = 0; i < 3; i++) { for (int j = 0; j < 3; j++) { if (j > i) break outer; x = x * 2; } } return x; } | a labeled statement is not supported | outer: for
            enhanced for        | @Differentiable public static double ef(double x, double[][] m) { for (double[] row : m) { x = x * 2; } return x; } | an enhanced for loop over double[][] is not supported | for (double[] row
            try                 | @Differentiable public static double t(double x) { try { return x; } finally { } }   | a try statement is not supported       | try {
            synchronized        | @Differentiable public static double s(double x) { synchronized (Bad.class) { return x; } } | a synchronized block is not supported | synchronized
            throw               | @Differentiable public static double th(double x) { while (x > 1) { x = x / 2; throw new IllegalStateException(); } return x; } | a throw here is not supported | throw new
            switch on a String  | @Differentiable public static double sw(double x, int n) { switch (String.valueOf(n)) { case "1": return x; default: return 2 * x; } } | calling 'valueOf' (it returns a java.lang.String) is not supported | switch (String.valueOf(n))
            lambda              | @Differentiable public static double la(double x) { java.util.function.DoubleUnaryOperator f = v -> v; return x; } | type java.util.function.DoubleUnaryOperator is not supported | DoubleUnaryOperator f
            lambda value        | @Differentiable public static double lv(double x) { return apply(v -> v, x); } static double apply(java.util.function.DoubleUnaryOperator f, double x) { return x; } | a lambda or method reference is not supported | apply(v -> v
            field write         | @Differentiable public static double fw(double x) { field = x; return x; }           | assignment to field 'field'            | field = x
            qualified field write | @Differentiable public static double qf(double x) { Bad.field = x; return x; }     | assignment to field 'Bad.field'        | Bad.field = x
            unknown derivative  | @Differentiable public static double ud(double x) { return helper(x) * 2; }          | no derivative is known for 'Bad.helper' | helper(x) * 2
            random              | @Differentiable public static double rnd(double x) { return x * Math.random(); }     | 'Math.random()' returns a different value | Math.random()
            float parameter     | @Differentiable public static double fp(double x, float f) { return x * f; }          | parameter 'f' has type float           | float f
            float return        | @Differentiable public static float fr(double x) { return 2.0f; }                    | returns float; it must return double   | float fr
            float array         | @Differentiable public static double fa(double x) { float[] a = {1f}; return x * a[0]; } | type float[] is not supported       | float[] a
            new float array     | @Differentiable public static double fn(double x) { var a = new float[2]; return x; } | type float[] is not supported          | new float[2]
            float call result   | @Differentiable public static double fc(double x, int n) { return x * Float.intBitsToFloat(n); } | type float is not supported | Float.intBitsToFloat(n)
            float overload      | @Differentiable public static double fo(double x) { float f = -2; return x * Math.abs(f); } | a call of 'abs' that Java resolves to its float version is not supported | Math.abs(f)
            active to float     | @Differentiable public static double af(double x) { float f = (float) x; return x * f; } | rounding to float a value that depends on a differentiable parameter is not supported | (float) x
            active into float   | @Differentiable public static double ai(double x) { float f = 1; f += x * x; return x * f; } | rounding to float a value that depends on a differentiable parameter | f += x * x
            array initializer   | @Differentiable public static double arr(double x) { double[][] a = {{x}, {x, x}}; return x; } | rows of different lengths is not supported | double[][] a
            parameter array write | @Differentiable public static double paw(double[] w) { w[0] = 1; return w[0]; }    | writing into parameter array 'w' would change the caller's array | w[0] = 1
            array alias         | @Differentiable public static double al(double[] w) { double[] v = new double[2]; double[] u = w[0] > 0 ? w : v; return w[0] + v[0] + u[0]; } | local array 'u' must be created here with new double[...] | double[] u = w
            array reassigned    | @Differentiable public static double ra(double[] w) { double[] v = new double[2]; double[] u = new double[3]; v = u; return w[0] + v[0]; } | array variable 'v' cannot be assigned again | v = u
            matrix without rows in a loop | @Differentiable public static double ail(double[] w) { double s = 0; for (int i = 0; i < 2; i++) { double[][] v = new double[2][]; s += v.length * w[i]; } return s; } | local array 'v' of two dimensions must be created with both lengths (new double[n][m]) or written out to be declared in a loop or given a new array | double[][] v = new double[2][]
            int matrix          | @Differentiable public static double ia(double x, int[][] k) { return x * k[0][0]; }   | parameter 'k' has type int[][]; @Differentiable methods take double, double[], double[][], int, long and boolean parameters, int[], long[] and boolean[], records of those, and char, String and enum (not private) values | int[][] k
            local int matrix    | @Differentiable public static double im(double x) { int[][] k = new int[2][2]; return x; } | type int[][] is not supported in a @Differentiable method; use double, double[], double[][], int, long or boolean, or int[], long[] or boolean[] | int[][] k
            int array parameter write | @Differentiable public static double iw(double x, int[] k) { k[0] = 1; return x * k[0]; } | writing into parameter array 'k' would change the caller's array | k[0] = 1
            int array alias     | @Differentiable public static double ial(double x, int[] k) { int[] j = x > 0 ? k : k; return x * j[0]; } | local array 'j' must be created here with new int[...] | int[] j = x
            int array returned  | @Differentiable public static int[] ir(double x) { int[] r = new int[1]; return r; }   | returns int[]; it must return double   | public static int[] ir
            boolean array reassigned | @Differentiable public static double br(double x) { boolean[] b = new boolean[2]; boolean[] c = new boolean[3]; b = c; return b[0] ? x : 0; } | array variable 'b' cannot be assigned again | b = c
            wrt unknown name    | @Differentiable(wrt = "z") public static double wu(double x) { return x; }             | 'z' in wrt is not a parameter of 'wu'  | wrt = "z"
            hessian through a rule | static double soft(double x) { return Math.log1p(Math.exp(x)); } @dev.adjoint.DerivativeOf("soft") static double softSlope(double x) { return 1 / (1 + Math.exp(-x)); } @Differentiable(hessian = true) public static double hs(double x) { return soft(x) * x; } | cannot generate fHessian for 'hs': it calls 'soft' through @DerivativeOf rules | public static double hs
            hessian of a vector | @Differentiable(hessian = true) public static double[] hv(double x) { double[] r = new double[1]; r[0] = x; return r; } | hessian = true on 'hv', which returns double[] | public static double[] hv
            hessian through a callee | static double soft2(double x) { return Math.log1p(Math.exp(x)); } @dev.adjoint.DerivativeOf("soft2") static double soft2Slope(double x) { return 1 / (1 + Math.exp(-x)); } @Differentiable public static double inner2(double x) { return soft2(x); } @Differentiable(hessian = true) public static double outer2(double x) { return inner2(x) * x; } | it calls 'inner2', which cannot have second-order code itself | public static double outer2
            vector returns a parameter | @Differentiable public static double[] vp(double[] w) { return w; }   | a vector-valued @Differentiable method returns one of its local arrays | return w;
            array-returning call | @Differentiable public static double[] vr(double x) { double[] r = new double[1]; r[0] = x; return r; } @Differentiable public static double ur(double x) { return vr(x)[0]; } | using the array 'vr' returns is not supported | return vr(x)[0]
            wrt of an int       | @Differentiable(wrt = "n") public static double wn(double x, int n) { return x * n; }   | 'n' in wrt has type int                | wrt = "n"
            wrt twice           | @Differentiable(wrt = {"x", "x"}) public static double wt(double x) { return x; }      | 'x' is named twice in wrt              | wrt = {"x", "x"}
            argument left out by wrt | @Differentiable(wrt = "x") public static double part(double x, double y) { return x * y; } @Differentiable public static double useIt(double a) { return part(1, a); } | the argument for parameter 'y' of 'part' depends on the differentiable inputs | part(1, a)
            object creation     | @Differentiable public static double obj(double x) { return x + new java.util.Random().nextDouble(); } | calling a method on an object | new java.util.Random()
            assignment in a selector | @Differentiable public static double ae(double x, int k) { switch (k++) { case 1: return x; default: return 2 * x; } } | assignment inside an expression in a switch selector is not supported | switch (k++)
            private field       | @Differentiable public static double pf(double x) { return x * HIDDEN; }             | field 'HIDDEN' is private              | x * HIDDEN
            private method      | @Differentiable public static double pm(double x, int n) { return x * hiddenHelper(n); } | 'private method ''hiddenHelper'' cannot be copied into the generated class, which cannot call it: line 11: calling a method on an object' | hiddenHelper(n)
            unknown name        | @Differentiable public static double un(double x) { return x * Missing.VALUE; }      | cannot resolve 'Missing.VALUE'          | Missing.VALUE
            discarded call      | @Differentiable public static double dc(double x) { double[] a = new double[2]; java.util.Arrays.fill(a, x); return a[0]; } | passing an array to 'fill', which may write into it | java.util.Arrays.fill(a, x);
            bitwise on a double | @Differentiable public static double bw(double x, int n) { double m = x & n; return x * m; } | 'the operator & on double and int is not supported in a @Differentiable method; & ^ | take int and long operands, or two booleans' | x & n
            shift of a double   | @Differentiable public static double sh(double x, int n) { double m = x << n; return x * m; } | the operator << on double and int is not supported in a @Differentiable method; shifts take int and long operands | x << n
            complement of a double | @Differentiable public static double cp(double x) { double m = ~x; return x * m; } | the operator ~ on double is not supported in a @Differentiable method; ~ takes an int or a long | ~x
            bitwise compound on an element | '@Differentiable public static double be(double x) { double[] v = new double[1]; v[0] = x; v[0] |= 1; return v[0]; }' | 'the operator | on double and int is not supported' | 'v[0] |= 1'
            null in a branch of ?:  | @Differentiable public static double na(double x, double[] w) { return x * total(x > 0 ? w : null); } @Differentiable public static double total(double[] w) { return w[0]; } | null is not supported in a @Differentiable method; null may only be compared with an array (w == null, w != null) or passed for an array parameter of a static method (f(x, null)) | x > 0 ? w : null
            null for no array   | @Differentiable public static double nn(double x) { return x * java.util.Objects.hashCode(null); } | null passed to 'hashCode' where it takes no array is not supported in a @Differentiable method; null may only be compared | Objects.hashCode(null)
            null for a record   | record R(double a) { } @Differentiable public static double nr(double x) { return x * scale(null, x); } @Differentiable public static double scale(R r, double x) { return r.a() * x; } | null passed to 'scale' where it takes no array | scale(null, x)
            local array null    | @Differentiable public static double nl(double x) { int[] sign = null; return x; } | a local array that starts as null (sign) is not supported in a @Differentiable method; pass null itself where it goes (f(x, null)), or create the array with new int[...] | int[] sign = null;
            matrix local null   | @Differentiable public static double nm(double x) { double[][] m = null; return x; } | a local array that starts as null (m) is not supported in a @Differentiable method; pass null itself where it goes (f(x, null)), or create the array with new double[...] | double[][] m = null;
            wrong arity         | @Differentiable public static double wa(double x) { return helper(x, x); }           | cannot resolve method 'helper' with 2 argument(s) | helper(x, x)
            """)
    void reportsErrorOnTheOffendingLine(String construct, String method, String message, String line) throws IOException {
        assertError(method, message, line);
    }

    /**
     * A long body is printed in parts the JIT compiles, a long loop's body too (LongMethodsTest); but a
     * loop its body may leave by {@code break} runs whole, so one whose derivative alone would exceed the
     * JVM's limit is the error, never javac's failure in generated code.
     */
    @Test
    void aLoopWhoseDerivativesWouldExceedTheJvmMethodSizeIsAnErrorNotGeneratedCodeThatFails() throws IOException {
        StringBuilder body = new StringBuilder("@Differentiable public static double huge(double x, double y, int n) {\n"
                + "for (int k = 0; k < n; k++) {\ndouble v0 = x * y;\n");
        for (int i = 1; i < 900; i++) {
            body.append("double v").append(i).append(" = Math.sin(v").append(i - 1).append(") * y + Math.log1p(v")
                    .append(i - 1).append(" * v").append(i - 1).append(") / (1 + x * v").append(i - 1).append(");\n");
        }
        body.append("x = v899;\nif (x > 1e300) {\nbreak;\n}\n}\nreturn x; }");
        assertError(body.toString(), "would need about", "public static double huge");
    }

    /**
     * Where the derivatives come close to the JVM's limit, either they compile or the method gets the
     * error: never javac's "code too large" in the generated file (a window around 630 statements of
     * this chain fell between an earlier estimate and javac's real size).
     */
    @ParameterizedTest
    @ValueSource(strings = {"double x, double y) {\n",
            // taking an array, the adjoint code is in fGradientIntoZeroed, with writes into scalarPartials
            "double[] w, double y) {\ndouble x = w[0];\n"})
    void nearTheMethodSizeLimitTheGeneratedCodeCompilesOrTheMethodIsRejected(String parameters) {
        for (int statements : new int[] {480, 560, 640}) {
            StringBuilder body = new StringBuilder("@Differentiable public static double m0(" + parameters
                    + "double v0 = x * y;\ndouble v1 = Math.sin(x) + y;\n");
            for (int k = 2; k < statements; k++) {
                String a = "v" + (k - 1);
                String b = "v" + (k - 2);
                body.append("double v").append(k).append(" = ").append(switch (k % 4) {
                    case 0 -> a + " * y + Math.sin(" + b + ")";
                    case 1 -> "Math.exp(-" + a + " * " + a + ") + x * " + b;
                    case 2 -> a + " / (1 + " + b + " * " + b + ")";
                    default -> "Math.log1p(" + a + " * " + a + ") - 0.5 * " + b;
                }).append(";\n");
            }
            body.append("return v").append(statements - 1).append(" + v0; }");
            Compilation c = compile(body.toString());
            if (c.status() == Compilation.Status.FAILURE) {
                assertThat(c).hadErrorContaining("too close to the JVM's limit").inFile(c.sourceFiles().get(0))
                        .onLineContaining("public static double m0");
                assertThat(c.errors().stream().map(d -> d.getMessage(null)).toList().toString())
                        .doesNotContain("code too large");
            }
        }
    }

    /**
     * A wrt error belongs on {@code @dev.adjoint.Differentiable}, found by its qualified name: not on
     * another annotation whose name merely ends the same way, nor on one of the same simple name.
     */
    @Test
    void wrtErrorsPointAtDifferentiableNotAtAnotherAnnotationWithASimilarName() {
        JavaFileObject notDifferentiable = JavaFileObjects.forSourceString("my.NotDifferentiable", """
                package my;

                public @interface NotDifferentiable {
                }
                """);
        JavaFileObject otherDifferentiable = JavaFileObjects.forSourceString("foo.Differentiable", """
                package foo;

                public @interface Differentiable {
                }
                """);
        JavaFileObject user = JavaFileObjects.forSourceString("p.Lookalikes", """
                package p;

                public class Lookalikes {
                    @my.NotDifferentiable
                    @foo.Differentiable
                    @dev.adjoint.Differentiable(wrt = "z")
                    public static double f(double x) {
                        return x;
                    }
                }
                """);
        Compilation c = Compiler.javac().withProcessors(new AdjointProcessor())
                .compile(notDifferentiable, otherDifferentiable, user);
        assertThat(c).hadErrorContaining("'z' in wrt is not a parameter of 'f'").inFile(user)
                .onLineContaining("@dev.adjoint.Differentiable(wrt");
    }

    @Test
    void reportsEveryErrorOfOneMethod() {
        Compilation c = compile("""
                    @Differentiable
                    public static double many(double x) {
                        field = x;
                        double y = x * Math.random();
                        float f = 2;
                        return y * Math.abs(f);
                    }
                """);
        assertThat(c).hadErrorContaining("assignment to field").inFile(c.sourceFiles().get(0)).onLineContaining("field = x");
        assertThat(c).hadErrorContaining("Math.random()").inFile(c.sourceFiles().get(0)).onLineContaining("Math.random()");
        assertThat(c).hadErrorContaining("its float version").inFile(c.sourceFiles().get(0)).onLineContaining("Math.abs(f)");
    }

    @Test
    void callsOfAFailedMethodFailWithAPointerToIt() throws IOException {
        String body = """
                    @Differentiable
                    public static double broken(double x) {
                        return x * Math.random();
                    }

                    @Differentiable
                    public static double caller(double x) {
                        return broken(x) + 1;
                    }
                """;
        assertError(body, "'broken' has errors of its own", "broken(x) + 1");
        assertThat(generatedDespiteErrors(body)).doesNotContain("callerGradient");
    }

    @Test
    void constantsAndIntegerCallsNeedNoDerivative() {
        Compilation c = compile("""
                    @Differentiable
                    public static double fine(double x, int n) {
                        return x * constantHelper(n) + Math.round(x) + CONSTANT;
                    }
                """);
        assertThat(c).succeededWithoutWarnings();
        assertThat(generated(c)).contains("fineGradient");
    }

    /** A class whose *Grad name is already taken: an error on the class, never an exception out of javac. */
    @Test
    void aGeneratedClassThatCannotBeWrittenIsAnErrorOnItsClass() {
        Compilation c = AdjointCompiler.compileRaw(List.of(), """
                package p;

                import dev.adjoint.Differentiable;

                public class Taken {
                    @Differentiable
                    public static double f(double x) {
                        return x * x;
                    }
                }
                """, """
                package p;

                public class TakenGrad {
                }
                """);
        assertThat(c).hadErrorContaining("cannot write p.TakenGrad").inFile(c.sourceFiles().get(0))
                .onLineContaining("public class Taken {");
    }

    @Test
    void aWarningFreeCompileProducesNoDiagnosticAtAll() {
        Compilation c = compile("");
        assertThat(c).succeeded();
        assertThat(c.diagnostics().stream().filter(d -> d.getKind() != Diagnostic.Kind.NOTE).toList()).isEmpty();
    }
}
