package dev.adjoint;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method whose derivatives Adjoint generates at compile time.
 *
 * <p>For a class {@code p.C} with {@code @Differentiable static double f(double x, double y, int n)},
 * the annotation processor writes {@code p.CGrad} holding
 * <ul>
 *   <li>{@code Dual fForward(Dual x, Dual y, int n)}: forward mode, the value and the derivative
 *       along the tangents of the {@code Dual} arguments;</li>
 *   <li>{@code FGradient fGradient(double x, double y, int n)}: reverse mode, the value and every
 *       partial derivative ({@code dX()}, {@code dY()}) from one sweep.</li>
 * </ul>
 * The {@code double}, {@code double[]} and {@code double[][]} parameters are differentiable, or just
 * those named in {@link #wrt()}; all other parameters pass through unchanged. A body the processor
 * cannot differentiate is a compile error on the offending line.
 *
 * <p>Retained at run time so that tools (and calls from code compiled later against a jar) can see
 * which methods have generated derivatives.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Differentiable {

    /**
     * The parameters to differentiate with respect to, by name; empty (the default) means every
     * {@code double}, {@code double[]} and {@code double[][]} parameter. The others keep their types
     * in every generated signature, and the gradient record has components for the named ones only.
     */
    String[] wrt() default {};

    /**
     * Also generate second-order derivatives: {@code fHessian} and {@code fHessianVector} (and the
     * tangent function {@code fTangent} behind them, for this method and every differentiable method
     * it calls). Off by default because it roughly doubles the generated code.
     */
    boolean hessian() default false;

    /**
     * Bound the tape memory of the method's loops: where a loop would record more than
     * {@code Tapes.loopBudget()} entries on a tape for the adjoint sweep (8 MiB by default), the gradient
     * keeps only the loop's last stretch recorded, with the loop's state at the start of each stretch,
     * and runs each earlier stretch again before reversing it. The gradient is the same; a loop over the
     * budget costs one more run of its forward sweep, a loop under it one comparison per iteration.
     * For long simulations (Monte Carlo paths, ODE integrations, iterated maps) whose tape would not
     * fit in memory. Each loop of the method that no other loop encloses is checkpointed, so each must
     * be one a second run reproduces exactly: it ends by its condition, calls only {@code Math}'s and
     * the number classes' methods and {@code @Differentiable} methods compiled with it that call
     * nothing else, creates no array, and changes only {@code double}, {@code float} and {@code int}
     * variables and the elements of {@code double[]}, {@code double[][]} and {@code int[]} arrays made
     * before it (copied whole into each checkpoint); a loop that is not is a compile error on its line,
     * saying why.
     */
    boolean checkpoint() default false;
}
