package dev.adjoint.test.broken;

import dev.adjoint.runtime.Dual;
import dev.adjoint.test.fixtures.Options;
import dev.adjoint.test.fixtures.Options.Kind;

/**
 * Hand-written, deliberately broken derivatives of {@link Options#price}: right for CALL and DIGITAL,
 * wrong for PUT in both modes (the derivative in s of sin(s) k taken as sin(s), as if k were 1), the
 * kind of bug that only one case of a switch has. A check that tries one random constant per point
 * can miss it; GradCheck tries every constant.
 */
public final class OptionsGrad {

    private OptionsGrad() {
    }

    public static Dual priceForward(Dual s, Dual k, Kind kind) {
        Dual d = dev.adjoint.test.fixtures.OptionsGrad.priceForward(s, k, kind);
        if (kind != Kind.PUT) {
            return d;
        }
        double wrong = Math.cos(s.value()) * s.tangent() + Math.sin(s.value()) * k.tangent();
        return new Dual(d.value(), wrong);
    }

    public static PriceGradient priceGradient(double s, double k, Kind kind) {
        var g = dev.adjoint.test.fixtures.OptionsGrad.priceGradient(s, k, kind);
        return new PriceGradient(g.value(), kind == Kind.PUT ? Math.cos(s) : g.dS(), g.dK());
    }

    public record PriceGradient(double value, double dS, double dK) {
    }
}
