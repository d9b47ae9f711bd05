package golden;

import dev.adjoint.Differentiable;

/** Methods returning records of doubles: forward mode gives a value and a tangent record, pullback takes a record seed. */
public final class Shapes {

    public record Point(double x, double y) { }

    public record Segment(Point from, Point to, double weight) { }

    @Differentiable
    public static Point polar(double r, double theta) {
        return new Point(r * Math.cos(theta), r * Math.sin(theta));
    }

    /** A nested record built in place, and a return in a loop and after it. */
    @Differentiable
    public static Segment walk(double[] steps, double heading, int limit) {
        double x = 0;
        double y = 0;
        for (int i = 0; i < steps.length; i++) {
            if (i == limit) {
                return new Segment(new Point(0, 0), new Point(x, y), i);
            }
            x += steps[i] * Math.cos(heading * i);
            y += steps[i] * Math.sin(heading * i);
        }
        return new Segment(new Point(0, 0), new Point(x, y), Math.hypot(x, y));
    }
}
