package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What Adjoint refuses about classes taken as records are (issue 17), each on the user's line and
 * naming the condition: a class it cannot take apart by its fields or rebuild from them exactly.
 */
class FinalClassDiagnosticsTest {

    private static JavaFileObject source(String body) {
        return JavaFileObjects.forSourceString("p.Bad", """
                package p;

                import dev.adjoint.Differentiable;

                public class Bad {
                    static class Open { final double w; Open(double w) { this.w = w; } }
                    static final class Mutable { double w; Mutable(double w) { this.w = w; } }
                    static final class Gaussian {
                        final double mean;
                        final double is;
                        Gaussian(double mean, double sigma) { this.mean = mean; this.is = 1 / sigma; }
                    }
                    static final class Checked {
                        final double s;
                        Checked(double s) { if (s <= 0) throw new IllegalArgumentException(); this.s = s; }
                    }
                    static final class Labeled { final String label; final double w; Labeled(String label, double w) { this.label = label; this.w = w; } }
                    static final class Hidden { private final double w; Hidden(double w) { this.w = w; } }
                    static final class Scaled { private final double w; Scaled(double w) { this.w = w; } double w() { return 2 * w; } }
                    final class Inner { final double w; Inner(double w) { this.w = w; } }
                    static class Base {}
                    static final class Sub extends Base { final double w; Sub(double w) { this.w = w; } }
                    static final class Box<T> { final double w; Box(double w) { this.w = w; } }
                    static final class Chain { final double v; final Chain next; Chain(double v, Chain next) { this.v = v; this.next = next; } }
                    static final class Init { final double w; { System.out.println(); } Init(double w) { this.w = w; } }
                    static final class Twice { final double a; final double b; Twice(double a, double b) { this.a = a; this.b = a; } }
                    static final class Unset { final double a; final double b; Unset(double a) { this.a = a; this.b = 0; } }
                    static final class Closed { final double w; private Closed(double w) { this.w = w; } }
                    private static final class Secret { final double w; Secret(double w) { this.w = w; } }

                    @Differentiable
                    public static double good(double x) {
                        return x * x;
                    }

                """ + body + "\n}\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not final           | @Differentiable static double f(Open o) { return o.w; }        | class Open is not final                                         | static double f(Open o)
            field not final     | @Differentiable static double f(Mutable m) { return m.w; }     | class Mutable has field 'w' that is not final                   | static double f(Mutable m)
            computed field      | @Differentiable static double f(Gaussian g) { return g.mean; } | the constructor Gaussian(double, double) sets field 'is' to '1 / sigma', not to a parameter of its own, so a Gaussian cannot be rebuilt | static double f(Gaussian g)
            constructor checks  | @Differentiable static double f(Checked c) { return c.s; }     | the constructor Checked(double) does 'if (s <= 0)               | static double f(Checked c)
            field type          | @Differentiable static double f(Labeled l) { return l.w; }     | class Labeled has field 'label' of type java.lang.String        | static double f(Labeled l)
            private no getter   | @Differentiable static double f(Hidden h) { return h.w; }      | field 'w' of class Hidden is private and has no getter that returns it as it is; the generated BadGrad reads it through one: add double w() { return w; } (or getW()) to Hidden | static double f(Hidden h)
            getter computes     | @Differentiable static double f(Scaled s) { return s.w; }      | field 'w' of class Scaled is private and has no getter         | static double f(Scaled s)
            inner class         | @Differentiable static double f(Inner i) { return i.w; }       | class Inner is an inner class                                   | static double f(Inner i)
            superclass          | @Differentiable static double f(Sub s) { return s.w; }         | class Sub extends p.Bad.Base                                    | static double f(Sub s)
            generic             | @Differentiable static double f(Box<String> b) { return b.w; } | class Box is generic                                            | static double f(Box<String> b)
            recursive           | @Differentiable static double f(Chain c) { return c.v; }       | class Chain contains itself through field 'next'                | static double f(Chain c)
            initializer         | @Differentiable static double f(Init i) { return i.w; }        | class Init has an instance initializer                          | static double f(Init i)
            parameter twice     | @Differentiable static double f(Twice t) { return t.a; }       | the constructor Twice(double, double) stores parameter 'a' in no field of its own type (or in two) | static double f(Twice t)
            field from constant | @Differentiable static double f(Unset u) { return u.a; }       | the constructor Unset(double) sets field 'b' to '0'             | static double f(Unset u)
            field initialised   | static final class Fixed { final double a; final double b = 1; Fixed(double a) { this.a = a; } } @Differentiable static double f(Fixed x) { return x.a; } | the constructor Fixed(double) does not set field 'b' from a parameter of its own exactly once | static double f(Fixed x)
            private constructor | @Differentiable static double f(Closed c) { return c.w; }      | class Closed has no constructor that Adjoint may call; add Closed(double w) | static double f(Closed c)
            private class       | @Differentiable static double f(Secret s) { return s.w; }      | class Secret is not accessible from the generated BadGrad, which takes Secret apart and rebuilds it; make it package-private | static double f(Secret s)
            method of a class   | static final class M { double w; M(double w) { this.w = w; } @Differentiable double f(double x) { return w * x; } } | class M has field 'w' that is not final | @Differentiable double f(double x)
            not final, method   | static class N { final double w; N(double w) { this.w = w; } @Differentiable double f(double x) { return w * x; } } | must be static: Adjoint differentiates static methods and methods of records (and of final classes whose fields are final | @Differentiable double f(double x)
            plain method called | static final class K { final double w; K(double w) { this.w = w; } double twice() { return 2 * w; } @Differentiable double f(double x) { return twice() * x; } } | 'twice' is called with or on a record but is not @Differentiable | @Differentiable double f(double x)
            object stored       | static final class P2 { final double a; P2(double a) { this.a = a; } } @Differentiable static double f(P2 p, double x) { P2 k = p; return x * p.a; } | the record 'p' is used as a whole | P2 k = p
            """)
    void refusedOnItsLine(String name, String body, String message, String line) {
        Compilation compilation = Compiler.javac().withProcessors(new AdjointProcessor()).compile(source(body));
        assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
                .onLineContaining(line);
    }
}
