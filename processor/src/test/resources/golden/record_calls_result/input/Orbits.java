package golden;

import dev.adjoint.Differentiable;

/** Local records declared with calls of methods returning records, read through their components. */
public final class Orbits {

    public record Point(double x, double y) { }

    public record Segment(Point from, Point to) { }

    @Differentiable
    public static Point polar(double r, double theta) {
        return new Point(r * Math.cos(theta), r * Math.sin(theta));
    }

    @Differentiable
    public static Segment chord(double r, double a, double b) {
        return new Segment(new Point(r * Math.cos(a), r * Math.sin(a)), new Point(r * Math.cos(b), r * Math.sin(b)));
    }

    @Differentiable
    public static double radius(Point p) {
        return Math.hypot(p.x(), p.y());
    }

    /** A call with an argument not differentiated, and a record passed on whole. */
    @Differentiable
    public static double distance(double r, double theta) {
        Point p = polar(r, theta);
        Point q = polar(2.0, theta * theta);
        return radius(p) * (p.x() - q.x()) + p.y() * q.y();
    }

    /** A nested record's components. */
    @Differentiable
    public static double chordLength(double r, double a) {
        Segment s = chord(r, a, 2 * a);
        return Math.hypot(s.to().x() - s.from().x(), s.to().y() - s.from().y());
    }

    /** Components read straight off calls, a nested one too, and a record passed on whole from its call. */
    @Differentiable
    public static double offCalls(double r, double a) {
        return polar(r, a).x() * chord(r, a, 1.0).to().y() + radius(polar(a, r));
    }
}
