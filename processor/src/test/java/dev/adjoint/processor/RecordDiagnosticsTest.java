package dev.adjoint.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Adjoint refuses about records, each on its line: records it cannot take apart or build
 * exactly, and records used other than through their components.
 */
class RecordDiagnosticsTest {

    private static JavaFileObject source(String body) {
        return JavaFileObjects.forSourceString("p.Bad", """
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    public record Params(double w, double b) {}
                    public record Named(String label, double w) {}
                    public record Checked(double sigma) {
                        public Checked {
                            if (sigma <= 0) throw new IllegalArgumentException();
                        }
                    }
                    public record Doubled(double w) {
                        public double w() { return 2 * w; }
                    }
                    public record Node(double v, Node next) {}
                    private record Hidden(double w) {}
                    public record Flags(int n, boolean on) {}
                    public record Weights(double[] ws, double[][] m) {}
                    static double use(double v) { return v; }

                    @Differentiable
                    public static double good(double x) {
                        return x * x;
                    }

                """ + body + "\n}\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            component type      | @Differentiable static double f(Named n) { return n.w(); }                 | record Named has component 'label' of type java.lang.String | static double f(Named n)
            own constructor     | @Differentiable static double f(Checked c) { return c.sigma(); }           | record Checked declares its canonical constructor          | static double f(Checked c)
            own accessor        | @Differentiable static double f(Doubled d) { return d.w(); }               | record Doubled declares its accessor w() itself           | static double f(Doubled d)
            recursive           | @Differentiable static double f(Node n) { return n.v(); }                  | record Node contains itself through component 'next'     | static double f(Node n)
            private             | @Differentiable static double f(Hidden h) { return h.w(); }                | record Hidden is private                                 | static double f(Hidden h)
            passed to a plain method | @Differentiable static double f(Params p) { return use(p.w()) + g(p); } static double g(Params p) { return 1; } | 'g' is called with or on a record but is not @Differentiable | return use(p.w()) + g(p)
            passed outside wrt  | @Differentiable(wrt = "x") static double h(Params p, double x) { return p.w() * x; } @Differentiable static double f(Params p) { return h(p, 1.0); } | the argument for parameter 'p' of 'h' depends on the differentiable inputs | return h(p, 1.0)
            array component written | @Differentiable static double f(Weights p) { p.ws()[0] = 1; return p.ws()[0]; } | writing into parameter array 'p.ws()' would change the caller's array | p.ws()[0] = 1
            matrix component written | @Differentiable static double f(Weights p) { p.m[0][1] += 1; return p.ws()[0]; } | writing into parameter array 'p.m' would change | p.m[0][1] += 1
            stored              | @Differentiable static double f(Params p) { var q = p; return p.w(); }      | the record 'p' is used as a whole                     | var q = p
            compared            | @Differentiable static double f(Params p) { return p == null ? 0 : p.w(); } | the record 'p' is used as a whole                     | return p == null
            record method call  | @Differentiable static double f(Params p) { return p.hashCode() + p.w(); }  | 'hashCode' is called with or on a record but is not @Differentiable | return p.hashCode()
            hessian of a vector | @Differentiable(hessian = true) static double[] f(Params p) { double[] r = new double[1]; r[0] = p.w(); return r; } | hessian = true on 'f', which returns double[]: Hessians are for methods returning double; use fJacobian | static double[] f(Params p)
            hessian through a rule | @Differentiable(hessian = true) static double f(Params p) { return org.apache.commons.math3.special.Erf.erf(p.w()); } | cannot generate fHessian for 'f': it calls 'erf' through @DerivativeOf rules or Adjoint's table | static double f(Params p)
            wrt without doubles | @Differentiable(wrt = "f") static double g(Flags f, double x) { return f.on() ? x : f.n(); } | in wrt has type p.Bad.Flags | @Differentiable(wrt = "f")
            """)
    void refusedOnItsLine(String name, String body, String message, String line) {
        Compilation compilation = Compiler.javac().withProcessors(new AdjointProcessor()).compile(source(body));
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            parameter named self | public record R(double a) { @dev.adjoint.Differentiable double f(double self) { return a * self; } } | the generated methods of a record's method take the record itself as 'self' | double f(double self)
            this to a plain method | public record R(double a) { @dev.adjoint.Differentiable double f(double x) { return use(this) * x; } static double use(R r) { return r.a(); } } | 'use' is called with or on a record but is not @Differentiable | return use(this)
            plain method of it   | public record R(double a) { @dev.adjoint.Differentiable double f(double x) { return twice(x); } double twice(double x) { return 2 * a * x; } } | 'twice' is called with or on a record but is not @Differentiable | return twice(x)
            this stored          | public record R(double a) { @dev.adjoint.Differentiable double f(double x) { R r = this; return a * x; } } | the record 'this' is used as a whole | R r = this
            instance of a class  | @Differentiable public double inst(double x) { return x; } | must be static: Adjoint differentiates static methods and methods of records | public double inst
            """)
    void methodsOfRecordsRefusedOnTheirLine(String name, String body, String message, String line) {
        Compilation compilation = Compiler.javac().withProcessors(new AdjointProcessor()).compile(source(body));
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
