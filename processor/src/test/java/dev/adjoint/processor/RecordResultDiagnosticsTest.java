package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Adjoint refuses about methods returning a record, each on its line: records that are not
 * exactly a tuple of doubles, returns other than {@code new R(...)} written out, and calls of such
 * methods from differentiable code.
 */
class RecordResultDiagnosticsTest {

    private static JavaFileObject source(String body) {
        return JavaFileObjects.forSourceString("p.Bad", """
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    public record Point(double x, double y) {}
                    public record Counted(double v, int n) {}
                    public record Weights(double[] ws, double w) {}
                    public record Empty() {}
                    public record Checked(double sigma) {
                        public Checked {
                            if (sigma <= 0) throw new IllegalArgumentException();
                        }
                    }
                    private record Hidden(double w) {}

                    @Differentiable
                    public static Point polar(double r, double t) {
                        return new Point(r * Math.cos(t), r * Math.sin(t));
                    }

                """ + body + "\n}\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            int component       | @Differentiable static Counted f(double x) { return new Counted(x, 1); }       | 'f' returns the record Counted, whose component 'n' has type int | static Counted f
            array component     | @Differentiable static Weights f(double x) { return new Weights(null, x); }    | 'f' returns the record Weights, whose component 'ws' has type double[] | static Weights f
            no components       | @Differentiable static Empty f(double x) { return new Empty(); }               | 'f' returns the record Empty, which has no components | static Empty f
            own constructor     | @Differentiable static Checked f(double x) { return new Checked(x); }          | record Checked declares its canonical constructor | static Checked f
            private record      | @Differentiable static Hidden f(double x) { return new Hidden(x); }            | record Hidden is private | static Hidden f
            local record        | @Differentiable static Point f(double x) { Point p = new Point(x, x); return p; } | returns new Point(...) with its components written out (nested records built in place too), not 'p' | return p;
            conditional         | @Differentiable static Point f(double x) { return x > 0 ? new Point(x, 1) : new Point(1, x); } | returns new Point(...) with its components written out | return x > 0
            null                | @Differentiable static Point f(double x) { if (x > 0) return null; return new Point(x, x); } | not 'null' | return null
            another method's    | @Differentiable static Point f(double x) { return polar(x, 1); }              | returns new Point(...) with its components written out (nested records built in place too), not 'polar(x, 1)' | return polar(x, 1)
            call in ?:          | @Differentiable static double f(double x) { Point q = x > 0 ? polar(x, 1) : polar(1, x); return q.x(); } | 'polar' returns the record Point; differentiable code reads such a call as a local record's initializer, Point p = polar(...); then p.x(), or straight off the call | Point q = x > 0
            component in a loop | @Differentiable static double f(double x) { double s = 0; for (int i = 0; i < 3; i++) s += polar(x, i).x(); return s; } | 'polar(x, i)' returns the record Point inside a loop, where differentiable code reads no such call | s += polar
            component in a switch selector | @Differentiable static double f(double x) { switch ((int) polar(x, 1).x()) { case 0: return x; default: return 2 * x; } } | 'polar(x, 1)' returns the record Point in a switch selector, where no local record can be declared for it | switch ((int)
            hessian             | @Differentiable(hessian = true) static Point f(double x) { return new Point(x, x); } | hessian = true on 'f', which returns Point: Hessians are for methods returning double; use fJacobian | static Point f
            """)
    void refusedOnItsLine(String name, String body, String message, String line) {
        Compilation compilation = Compiler.javac().withProcessors(new AdjointProcessor()).compile(source(body));
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
