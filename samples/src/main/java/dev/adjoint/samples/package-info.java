/**
 * The seed PyTorch notebook ("EXAMPLE QUESTIONS": four examples and six questions, each comparing
 * {@code torch} autograd with a hand-derived gradient) reproduced in Java with Adjoint.
 *
 * <p>Each notebook cell is one class, {@code Example1} to {@code Example4} and {@code Question1} to
 * {@code Question6}. In each, the function PyTorch differentiated is a {@link
 * dev.adjoint.Differentiable @Differentiable} static method written the way the notebook writes it
 * (same intermediate variables, same operations, {@code x**n} as {@code Math.pow(x, n)}), and the
 * notebook's hand-derived ("analytical") gradient is a plain Java method translated line by line.
 * The annotation processor generates a {@code <Case>Grad} class next to each one, holding the
 * forward-mode and reverse-mode derivatives. {@link dev.adjoint.samples.Notebook} prints all of
 * them side by side with the figures PyTorch printed.
 *
 * <p>Four showcases go further: {@link dev.adjoint.samples.LogisticRegressionTraining} (training on a
 * generated gradient over {@code double[]} and {@code double[][]}), {@link
 * dev.adjoint.samples.BlackScholesGreeks} (all Greeks from one reverse sweep through a differentiable
 * normal CDF) and {@link dev.adjoint.samples.RosenbrockDescent} (descent paths, charted with
 * JFreeChart by {@link dev.adjoint.samples.Charts}); {@link dev.adjoint.samples.HipparchusConjugateGradient}
 * hands two of those generated gradients to Hipparchus' conjugate gradient optimiser.
 * {@link dev.adjoint.samples.Samples} is the main
 * program: the notebook, then the showcases.
 */
package dev.adjoint.samples;
