package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.List;

/**
 * Names intermediate values so derivative code can use them twice without computing them twice:
 * {@code atom(e)} declares {@code double t = e;} in the statement list being built and returns
 * {@code t}. Inside a branch of {@code ?:} a value may only be computed when the branch is taken,
 * so there a {@link #recomputing()} instance repeats the expression instead.
 */
public final class Temporaries {

    private final List<Stmt> out;

    private Temporaries(List<Stmt> out) {
        this.out = out;
    }

    /** Temporaries declared into {@code out}, before the statement that needs them. */
    public static Temporaries into(List<Stmt> out) {
        return new Temporaries(out);
    }

    /** Declares nothing: every use repeats the expression. */
    public static Temporaries recomputing() {
        return new Temporaries(null);
    }

    public boolean declares() {
        return out != null;
    }

    public Expr atom(Expr e) {
        return atom(e, "t");
    }

    public Expr atom(Expr e, String suggestedName) {
        if (Exprs.isAtom(e) || out == null) {
            return e;
        }
        Variable t = Variable.generated(suggestedName, e.type());
        out.add(new Stmt.Declare(t, e, SourcePosition.NONE));
        return new Expr.Ref(t);
    }
}
