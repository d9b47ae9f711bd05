package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares the partial derivative of a function whose body Adjoint should not (or cannot)
 * differentiate: a series, a table, a call into a library. Wherever a {@code @Differentiable} method
 * calls the function, both modes use the rule.
 *
 * <pre>{@code
 * static double phi(double x) { ... any code ... }
 *
 * @DerivativeOf("phi")
 * static double phiDerivative(double x) { return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI); }
 *
 * @DerivativeOf(value = "blend", wrt = "a")   // one rule per partial when there are several
 * static double blendDa(double a, double b) { ... }
 *
 * @DerivativeOf(value = "gamma", owner = SpecialFunctions.class)   // a function of another class or a jar
 * static double gammaDerivative(double x) { ... }
 * }</pre>
 *
 * The rule is a static method with exactly the function's parameter list, returning the partial
 * derivative with respect to the parameter {@link #wrt()} names (which may be left out when the
 * function has a single {@code double} parameter). A function with several {@code double}
 * parameters needs a rule for each. Declare rules in the function's class, or in the class that calls
 * the function.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface DerivativeOf {

    /** The name of the function this rule differentiates. */
    String value();

    /** The parameter of the function this rule is the partial derivative for. */
    String wrt() default "";

    /** The class declaring the function; {@code void.class} (the default) means the rule's own class. */
    Class<?> owner() default void.class;
}
