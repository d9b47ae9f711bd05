package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.List;

/**
 * Names intermediate values so derivative code can use them twice without computing them twice:
 * {@code atom(e)} declares {@code double tmp1 = e;} in the statement list being built and returns
 * {@code tmp1}. Inside a branch of {@code ?:} a value may only be computed when the branch is taken,
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

    /** A comment line where the next values are named, for what they are; nothing where none are. */
    public void comment(String text) {
        if (out != null) {
            out.add(new Stmt.Comment(text));
        }
    }

    /** {@code e} in a temporary named after it ({@link ValueNames}), else numbered {@code tmp1}, {@code tmp2}. */
    public Expr atom(Expr e) {
        return atom(e, e);
    }

    /**
     * {@code e} in a temporary named after {@code namedAfter}, the expression of the user's that
     * {@code e} computes ({@code e} may read generated variables where it read the user's), else
     * numbered {@code tmp1}, {@code tmp2}.
     */
    public Expr atom(Expr e, Expr namedAfter) {
        return atom(e, ValueNames.temporary(namedAfter, "", "tmp", e.type()));
    }

    /** {@code e} in a temporary named {@code name}. */
    public Expr atom(Expr e, String name) {
        return atom(e, Variable.generated(name, e.type()));
    }

    /** {@code e}, unless it is an atom already, in {@code temporary}, a variable not used yet. */
    public Expr atom(Expr e, Variable temporary) {
        if (Exprs.isAtom(e) || out == null) {
            return e;
        }
        if (declarations == null) {
            out.add(new Stmt.Declare(temporary, e, SourcePosition.NONE));
        } else {
            declarations.add(new Stmt.Declare(temporary, Exprs.zero(e.type()), SourcePosition.NONE));
            out.add(new Stmt.Assign(temporary, e, SourcePosition.NONE));
        }
        return new Expr.Ref(temporary);
    }
}
