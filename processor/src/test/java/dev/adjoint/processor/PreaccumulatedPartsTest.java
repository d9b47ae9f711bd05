package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import org.junit.jupiter.api.Test;

/**
 * In straight-line code, a part of a statement's value that reads one active variable through a chain of
 * four or more sums, products and non-singular {@code Math} calls (a polynomial by Horner's rule) is
 * differentiated in the forward sweep, {@code double tPartial = ...}, and its adjoint is one product,
 * {@code tAdj += seed * tPartial} (Preaccumulated). Shorter chains, parts reading two variables, quotients
 * and singular calls, the arms of {@code ?:}, values calling the user's methods and reversed loops keep
 * their adjoint in the adjoint sweep. Both modes agree with finite differences either way.
 */
class PreaccumulatedPartsTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Parts {
                /** The polynomial is a part of a larger value, which reads z too. */
                @Differentiable
                public static double fit(double x) {
                    double z = Math.abs(x);
                    double t = 1 / (1 + 0.5 * z);
                    return t * Math.exp(-z * z + t * (1.0000237 + t * (0.3740916 + t * (0.0967842 + t * 0.1))));
                }

                /** The part is the whole value of a declaration. */
                @Differentiable
                public static double whole(double t, double w) {
                    double p = 0.5 + t * (1.5 + t * (-0.25 + t * 0.125));
                    return w * p;
                }

                /** In a branch: the values and the partial are declared at the top, assigned in the branch. */
                @Differentiable
                public static double branch(double t, double w) {
                    double y = w;
                    if (w > 0) {
                        y = w * Math.sin(t * (1.0 + t * (2.0 + t * 3.0)));
                    }
                    return y;
                }

                /** A value that calls a method of the user's keeps its parts where they are. */
                @Differentiable
                public static double callee(double u) {
                    return u * u;
                }

                @Differentiable
                public static double argument(double t, double w) {
                    return w * callee(t * (2.0 + t * (0.5 + t * 0.25))) + t;
                }

                /** The assigned variable is the one the part reads: its old value is read before it is overwritten. */
                @Differentiable
                public static double overwrite(double t) {
                    t = Math.exp(t * (0.1 + t * (0.2 + t * 0.3)));
                    return t;
                }

                /** sqrt's partial is infinite at 0: the part stays in the adjoint sweep, where its strong zero is. */
                @Differentiable
                public static double singular(double t, double w) {
                    double p = Math.sqrt(t) * (1.0 + t * (2.0 + t));
                    return w * p + t;
                }

                /** A quotient: its denominator is a part; the quotient's own rule stays in the adjoint sweep. */
                @Differentiable
                public static double quotient(double t) {
                    return 1.0 / (1.0 + t * (2.0 + t * (3.0 + t)));
                }

                static final double C0 = 0.1;
                static final double C1 = -0.3;
                static final double C2 = 0.8;
                static final double C3 = 1.2;

                /** Non-singular Math calls and constants of the class can be part of the chain. */
                @Differentiable
                public static double mathAndConstants(double t) {
                    return Math.exp(C0 + t * (C1 + t * Math.sin(C2 + t * C3)));
                }

                /** Short chains, two variables and an arm of ?: are differentiated in the adjoint sweep. */
                @Differentiable
                public static double untouched(double t, double s) {
                    double a = Math.exp(-0.5 * t * t);
                    double b = t * (1.0 + s * (2.0 + t * 3.0));
                    double c = s > 0 ? t * (1.0 + t * (2.0 + t * 3.0)) : s;
                    return a + b + c;
                }

                /** A reversed loop computes the part's adjoint again in the adjoint sweep instead of taping it. */
                @Differentiable
                public static double reversedLoop(double t, int n) {
                    double x = t;
                    for (int k = 0; k < n; k++) {
                        x = x * 0.5 + t * (1.0 + t * (2.0 + t * 3.0));
                    }
                    return x;
                }

                /** A loop reversed iteration by iteration, right after each runs, is straight-line code in each. */
                @Differentiable
                public static double fusedLoop(double t, int n) {
                    double d = 0;
                    for (int k = 0; k < n; k++) {
                        d += t * (1.0 + t * (2.0 + t * (3.0 + t)));
                    }
                    return d;
                }
            }
            """);

    private static final GradientChecker CHECKER = COMPILED.checker("p.Parts");

    private static String adjointCode(String method) {
        return COMPILED.generatedMethod("p.PartsGrad", method + "Gradient");
    }

    @Test
    void aPolynomialInsideAValueGetsItsPartialInTheForwardSweep() {
        String code = adjointCode("fit");
        assertTrue(code.contains("double tPartial = "), code);
        assertTrue(code.contains(" * tPartial;"), code);
        // The partial is computed before the exp that reads the polynomial's value.
        assertTrue(code.indexOf("double tPartial = ") < code.indexOf("Math.exp("), code);
        for (double x : new double[] {0.3, -0.8, 2.5, -4.0}) {
            CHECKER.check("fit", x);
        }
    }

    @Test
    void mathCallsAndConstantsInTheChain() {
        String code = adjointCode("mathAndConstants");
        assertTrue(code.contains("double tPartial = "), code);
        CHECKER.check("mathAndConstants", 0.4);
        CHECKER.check("mathAndConstants", -1.1);
    }

    @Test
    void aDeclarationWhoseWholeValueIsThePart() {
        String code = adjointCode("whole");
        assertTrue(code.contains("double tPartial = "), code);
        for (double t : new double[] {0.0, 0.7, -1.9}) {
            CHECKER.check("whole", t, 1.3);
        }
    }

    @Test
    void aPartInABranchIsDeclaredWhereTheAdjointSweepSeesIt() {
        String code = adjointCode("branch");
        assertTrue(code.contains("tPartial = "), code);
        CHECKER.check("branch", 0.4, 1.1);
        CHECKER.check("branch", 0.4, -1.1);
        CHECKER.check("branch", -0.9, 2.0);
    }

    @Test
    void aValueCallingAMethodKeepsItsParts() {
        String code = adjointCode("argument");
        assertFalse(code.contains("Partial"), code);
        CHECKER.check("argument", 0.6, 0.9);
        CHECKER.check("argument", -1.4, 2.2);
    }

    @Test
    void aPartReadingTheVariableItsStatementOverwrites() {
        String code = adjointCode("overwrite");
        assertTrue(code.contains("double tPartial = "), code);
        CHECKER.check("overwrite", 0.5);
        CHECKER.check("overwrite", -1.2);
    }

    @Test
    void aSingularCallOrAQuotientStaysInTheAdjointSweep() {
        String quotient = adjointCode("quotient");
        assertTrue(quotient.contains("double tPartial = "), quotient);
        assertTrue(quotient.contains("* tPartial;"), quotient);
        CHECKER.check("quotient", 0.3);
        CHECKER.check("quotient", -2.5);
        String code = adjointCode("singular");
        assertFalse(code.contains("Partial"), code);
        // w = 0: the part's adjoint is 0 and its partial infinite at t = 0; t's gradient is the 1 of "+ t".
        double[] gradient = CHECKER.reverse("singular", 0.0, 0.0);
        assertEquals(1.0, gradient[1], code);
        assertEquals(0.0, gradient[2], code);
        CHECKER.check("singular", 0.7, 1.5);
    }

    @Test
    void shortChainsTwoVariablesAndArmsKeepTheirAdjoint() {
        String code = adjointCode("untouched");
        assertFalse(code.contains("Partial"), code);
        CHECKER.check("untouched", 0.45, 0.8);
        CHECKER.check("untouched", -0.6, -0.3);
    }

    @Test
    void aReversedLoopKeepsTheAdjointAndAFusedOneTakesThePartial() {
        String reversed = adjointCode("reversedLoop");
        assertFalse(reversed.contains("Partial"), reversed);
        String fused = adjointCode("fusedLoop");
        assertTrue(fused.contains("double tPartial = "), fused);
        for (int n : new int[] {0, 1, 4}) {
            CHECKER.check("reversedLoop", 0.45, n);
            CHECKER.check("fusedLoop", -0.6, n);
        }
    }
}
