package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook EXAMPLE 3 (cell {@code In [38]}): {@code y = x**2 + 5} at {@code x = 2}.
 *
 * <pre>
 * x=torch.tensor([2.0],requires_grad=True)
 * y=x**2+5
 * y.backward()        # dy/dx(x=2) using torch: tensor([4.])
 * with torch.no_grad():
 *     dy=2*x          # dy/dx(x=2) using analytical function: tensor([4.])
 * </pre>
 */
public final class Example3 {

    private Example3() {
    }

    /** The notebook's {@code y = x**2 + 5}. */
    @Differentiable
    public static double y(double x) {
        return Math.pow(x, 2) + 5;
    }

    /** The notebook's analytical {@code dy = 2*x}. */
    public static double dy(double x) {
        return 2 * x;
    }
}
