package dev.adjoint.samples;

import dev.adjoint.Differentiable;

/**
 * Notebook EXAMPLE 1 (cell {@code In [36]}): {@code y = x*x}, {@code z = 2*y + 3}, differentiated
 * at {@code x = 3.5}.
 *
 * <pre>
 * x=torch.tensor(3.5,requires_grad=True)
 * y=x*x
 * z=2*y+3
 * z.backward()        # gradient dz/dx(x=3.5) is 14.0
 * </pre>
 */
public final class Example1 {

    private Example1() {
    }

    /** The computation PyTorch traced: {@code z = 2*y + 3} with {@code y = x*x}. */
    @Differentiable
    public static double z(double x) {
        double y = x * x;
        double z = 2 * y + 3;
        return z;
    }

    /**
     * The hand-derived gradient {@code dz/dx = dz/dy * dy/dx = 2 * 2x}. The notebook shows no
     * analytical function for this example, so this one is derived here in the notebook's style.
     */
    public static double dzdx(double x) {
        double dzdy = 2;
        double dydx = 2 * x;
        return dzdy * dydx;
    }
}
