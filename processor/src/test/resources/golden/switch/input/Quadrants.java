package golden;

import dev.adjoint.Differentiable;

/**
 * switch on an int, read as an if chain: GeographicLib's atan2d, fall-through with a break inside an
 * if, and a switch expression.
 */
public final class Quadrants {
    @Differentiable
    public static double atan2d(double y, double x) {
        int q = 0;
        if (Math.abs(y) > Math.abs(x)) {
            double t = x;
            x = y;
            y = t;
            q = 2;
        }
        if (x < 0) {
            x = -x;
            ++q;
        }
        double ang = Math.toDegrees(Math.atan2(y, x));
        switch (q) {
            case 1: ang = Math.copySign(180.0, y) - ang; break;
            case 2: ang = 90 - ang; break;
            case 3: ang = -90 + ang; break;
            default: break;
        }
        return ang;
    }

    @Differentiable
    public static double fallThrough(double x, int k) {
        double r = x;
        switch (k % 3) {
            case 0:
                r = r * x;
                if (r > 4) {
                    break;
                }
            case 1:
                r = r + Math.sin(x);
                break;
            default:
                r = Math.exp(r);
        }
        return r;
    }

    @Differentiable
    public static double weighted(double x, double y, int k) {
        double w = switch (k) {
            case 0 -> x * y;
            case 1, 2 -> {
                double s = Math.sin(x);
                yield s * s;
            }
            default -> y;
        };
        return w * x;
    }
}
