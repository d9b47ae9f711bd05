package golden;

import dev.adjoint.Differentiable;

/**
 * char, String and enum values passed in calls: to another @Differentiable method (its generated
 * methods take them unchanged), to a private helper read as differentiable, to a static method read
 * for its value, and to a check called for its effect; the char overload chosen for a char.
 */
public class Legs {
    public enum Side { CALL, PUT }

    static double weight(Side side) {
        return side == Side.CALL ? 1.0 : 0.5;
    }

    static void requireUnit(String unit) {
        if (unit.isEmpty()) {
            throw new IllegalArgumentException("no unit");
        }
    }

    @Differentiable
    public static double leg(double s, Side side, char c) {
        return side == Side.CALL && c == 'a' ? s * s : Math.sin(s);
    }

    @Differentiable
    public static double leg(double s, Side side, int n) {
        return n * s;
    }

    private static double scaled(double x, String unit) {
        switch (unit) {
            case "bp": return x * 1e-4;
            default: return x;
        }
    }

    @Differentiable
    public static double book(double s, double t, Side side, String unit) {
        requireUnit(unit);
        return leg(s, side, 'a') * t + leg(t, Side.PUT, 2) + weight(side) * scaled(s * t, unit);
    }
}
