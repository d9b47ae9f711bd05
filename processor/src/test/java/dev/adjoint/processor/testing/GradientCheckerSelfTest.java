package dev.adjoint.processor.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.Differentiable;
import dev.adjoint.runtime.Dual;
import org.junit.jupiter.api.Test;

/**
 * The checker against hand-written "generated" classes, independent of the processor: a correct
 * one passes, and each kind of mistake is caught with a message naming the numbers.
 */
class GradientCheckerSelfTest {

    public static final class Sample {
        @Differentiable
        public static double f(double x, double y, int n) {
            return Math.sin(x) * y + n * x * x;
        }
    }

    /** Correct derivatives. */
    public static final class Good {
        public record FGradient(double value, double dX, double dY) {}

        public static Dual fForward(Dual x, Dual y, int n) {
            double v = Math.sin(x.value()) * y.value() + n * x.value() * x.value();
            double t = (Math.cos(x.value()) * y.value() + 2 * n * x.value()) * x.tangent() + Math.sin(x.value()) * y.tangent();
            return new Dual(v, t);
        }

        public static FGradient fGradient(double x, double y, int n) {
            return new FGradient(Math.sin(x) * y + n * x * x, Math.cos(x) * y + 2 * n * x, Math.sin(x));
        }
    }

    /** Reverse mode off by 1e-9 in dX: forward/reverse and reverse/FD disagree. */
    public static final class WrongReverse {
        public record FGradient(double value, double dX, double dY) {}

        public static Dual fForward(Dual x, Dual y, int n) {
            return Good.fForward(x, y, n);
        }

        public static FGradient fGradient(double x, double y, int n) {
            Good.FGradient g = Good.fGradient(x, y, n);
            return new FGradient(g.value(), g.dX() + 1e-9, g.dY());
        }
    }

    /** Forward and reverse agree with each other but both forget the n x^2 term. */
    public static final class BothWrong {
        public record FGradient(double value, double dX, double dY) {}

        public static Dual fForward(Dual x, Dual y, int n) {
            double v = Math.sin(x.value()) * y.value() + n * x.value() * x.value();
            return new Dual(v, Math.cos(x.value()) * y.value() * x.tangent() + Math.sin(x.value()) * y.tangent());
        }

        public static FGradient fGradient(double x, double y, int n) {
            return new FGradient(Math.sin(x) * y + n * x * x, Math.cos(x) * y, Math.sin(x));
        }
    }

    /** Value computed in a different order: not bit for bit the original. */
    public static final class WrongValueBits {
        public record FGradient(double value, double dX, double dY) {}

        public static Dual fForward(Dual x, Dual y, int n) {
            return Good.fForward(x, y, n);
        }

        public static FGradient fGradient(double x, double y, int n) {
            Good.FGradient g = Good.fGradient(x, y, n);
            return new FGradient(Math.nextUp(g.value()), g.dX(), g.dY());
        }
    }

    /** Record named and shaped wrongly. */
    public static final class WrongRecord {
        public record Result(double value, double dx, double dY) {}

        public static Dual fForward(Dual x, Dual y, int n) {
            return Good.fForward(x, y, n);
        }

        public static Result fGradient(double x, double y, int n) {
            Good.FGradient g = Good.fGradient(x, y, n);
            return new Result(g.value(), g.dX(), g.dY());
        }
    }

    @Test
    void correctDerivativesPass() {
        Gradients g = new GradientChecker(Sample.class, Good.class).check("f", 0.3, 1.7, 2);
        g.assertDerivatives(1e-15, Math.cos(0.3) * 1.7 + 4 * 0.3, Math.sin(0.3));
        assertEquals(Sample.f(0.3, 1.7, 2), g.value());
        assertTrue(Math.abs(g.finiteDifference()[0] - g.forward()[0]) < 1e-10, g.toString());
        new GradientChecker(Sample.class, Good.class).check("f", -12.5, 1e3, -3);
        new GradientChecker(Sample.class, Good.class).check("f", 1e-3, -1e-3, 0);
    }

    @Test
    void forwardReverseDisagreementIsCaught() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> new GradientChecker(Sample.class, WrongReverse.class).check("f", 0.3, 1.7, 2));
        // (parameter names are arg0.. here: the test sources are not compiled with -parameters)
        assertTrue(e.getMessage().contains(": forward 2.82407203151353"), e.getMessage());
        assertTrue(e.getMessage().contains("Sample.f("), e.getMessage());
        assertTrue(e.getMessage().contains("=0.3, "), e.getMessage());
        // without finite differences too
        assertThrows(AssertionError.class,
                () -> new GradientChecker(Sample.class, WrongReverse.class).checkAd("f", 0.3, 1.7, 2));
    }

    @Test
    void agreeingButWrongDerivativesAreCaughtByFiniteDifferences() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> new GradientChecker(Sample.class, BothWrong.class).check("f", 0.3, 1.7, 2));
        assertTrue(e.getMessage().contains("finite differences give"), e.getMessage());
        // n = 0: the forgotten term vanishes
        new GradientChecker(Sample.class, BothWrong.class).check("f", 0.3, 1.7, 0);
    }

    @Test
    void valueNotBitForBitIsCaught() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> new GradientChecker(Sample.class, WrongValueBits.class).checkAd("f", 0.3, 1.7, 2));
        assertTrue(e.getMessage().contains("but the original method returns"), e.getMessage());
    }

    @Test
    void wrongRecordShapeIsCaught() {
        AssertionError e = assertThrows(AssertionError.class,
                () -> new GradientChecker(Sample.class, WrongRecord.class).checkAd("f", 0.3, 1.7, 2));
        assertTrue(e.getMessage().contains("should be named FGradient"), e.getMessage());
    }

    @Test
    void gradNames() {
        assertEquals("p.CGrad", Compiled.gradNameFor("p.C"));
        assertEquals("p.Outer_InnerGrad", Compiled.gradNameFor("p.Outer$Inner"));
        assertEquals("CGrad", Compiled.gradNameFor("C"));
        assertEquals("a.b.C", AdjointCompiler.qualifiedNameOf("package a.b;\n\nimport x.Y;\n\nfinal class C {}\n"));
        assertEquals("a.D", AdjointCompiler.qualifiedNameOf("package a;\nclass Helper {}\npublic class D {}\n"));
    }
}
