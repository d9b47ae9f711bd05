package golden;

import dev.adjoint.Differentiable;

/**
 * switch on a String, an enum and a char, read as if chains: the String tested by its text, a null
 * String or enum selector checked first, an exhaustive enum switch expression that throws where no
 * constant matches, char locals compared with == and <.
 */
public class Payoffs {
    public enum Side { CALL, PUT }

    @Differentiable
    public static double payoff(double s, double k, String kind) {
        switch (kind) {
            case "call": return Math.max(s - k, 0);
            case "put": return Math.max(k - s, 0);
            default: throw new IllegalArgumentException(kind);
        }
    }

    @Differentiable
    public static double price(double s, Side side) {
        return switch (side) {
            case CALL -> s;
            case PUT -> -s;
        };
    }

    @Differentiable
    public static double graded(double x, char grade) {
        char top = 'a';
        double r = x;
        switch (grade) {
            case 'a', 'b' -> r = r * x;
            default -> {
                if (grade == top || grade < 'c') {
                    r = r + 1;
                }
                r = Math.sin(r);
            }
        }
        return r;
    }
}
