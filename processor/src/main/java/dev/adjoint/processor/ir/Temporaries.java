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
    /** Where declarations go when they must be visible beyond {@code out}'s block; null to declare in place. */
    private final List<Stmt> declarations;

    private Temporaries(List<Stmt> out) {
        this(out, null);
    }

    private Temporaries(List<Stmt> out, List<Stmt> declarations) {
        this.out = out;
        this.declarations = declarations;
    }

    /**
     * Temporaries assigned in {@code out} but declared (with their zero) in {@code declarations}, for
     * values computed in a nested block and read after it.
     */
    public static Temporaries hoistedInto(List<Stmt> out, List<Stmt> declarations) {
        return new Temporaries(out, declarations);
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
        if (declarations == null) {
            out.add(new Stmt.Declare(t, e, SourcePosition.NONE));
        } else {
            declarations.add(new Stmt.Declare(t, Exprs.zero(e.type()), SourcePosition.NONE));
            out.add(new Stmt.Assign(t, e, SourcePosition.NONE));
        }
        return new Expr.Ref(t);
    }
}
