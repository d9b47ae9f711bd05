package dev.adjoint.processor.ir;

import static dev.adjoint.processor.ir.Exprs.ONE;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.sub;

import java.util.List;

/**
 * The partial derivatives of Java's {@code %} on doubles: {@code a % b = a - q b} with {@code q} the
 * quotient truncated to an integer, so the partials are 1 and {@code -q}, where {@code q} is
 * recovered exactly from the remainder.
 */
public final class Remainder {

    private Remainder() {
    }

    public static List<Expr> partials(Expr dividend, Expr divisor, Expr remainder) {
        Expr quotient = Exprs.math(MathFunction.JAVA_MATH, MathFunction.RINT, div(sub(dividend, remainder), divisor));
        return List.of(ONE, neg(quotient));
    }
}
