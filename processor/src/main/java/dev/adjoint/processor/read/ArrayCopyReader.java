package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * {@code System.arraycopy(src, srcPos, dst, dstPos, length);} as a statement, read as what it does, so
 * that both modes differentiate it like any element write: each {@code dst} element takes the value
 * (and so the derivative) of its {@code src} element.
 *
 * <p>Read as: the arguments evaluated once, in order; where Java's arraycopy would throw (a null array,
 * a negative position or length, a range past an end), a call of the real {@code System.arraycopy}
 * with arrays of the same types and lengths, which throws the same exception with the same message
 * before anything is copied; then a loop of element writes. When {@code src} and {@code dst} may be
 * the same array (the same variable, or the same row of one matrix) and the source starts before the
 * destination, the loop runs backwards, which copies as if through a temporary, as Java specifies.
 *
 * <p>{@code src} is an array of one dimension (a parameter, a local, or a row {@code m[i]} of either);
 * {@code dst} a local one or a row of a local matrix, of the same type: a write into a parameter would
 * change the caller's array, and arrays of different types throw in Java, so both are errors.
 */
final class ArrayCopyReader {

    private static final Type.Named SYSTEM = Type.Named.of("java.lang", "System");

    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    private final ExpressionReader expressions;

    ArrayCopyReader(SymbolResolver symbols, Diagnostics diagnostics, ExpressionReader expressions) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.expressions = expressions;
    }

    /** Whether {@code tree} calls {@code java.lang.System.arraycopy}. */
    boolean isArrayCopy(MethodInvocationTree tree) {
        if (!(tree.getMethodSelect() instanceof MemberSelectTree select) || !select.getIdentifier().contentEquals("arraycopy")) {
            return false;
        }
        Optional<TypeElement> owner = symbols.findClass(select.getExpression().toString());
        return owner.isPresent() && owner.get().getQualifiedName().contentEquals("java.lang.System");
    }

    /** Adds the statements of the copy at {@code path} to {@code out}, or reports why it cannot. */
    void read(TreePath path, List<Stmt> out) {
        MethodInvocationTree tree = (MethodInvocationTree) path.getLeaf();
        SourcePosition position = at(path);
        List<Stmt> statements = new ArrayList<>();
        TreePath srcPath = child(path, tree.getArguments().get(0));
        TreePath dstPath = child(path, tree.getArguments().get(2));
        Expr src = pinnedRow(expressions.readExpression(srcPath), "srcRow", statements);
        Expr srcPos = pinned(expressions.readIndex(child(path, tree.getArguments().get(1))), "srcPos", statements);
        Expr dst = pinnedRow(expressions.readExpression(dstPath), "dstRow", statements);
        Expr dstPos = pinned(expressions.readIndex(child(path, tree.getArguments().get(3))), "dstPos", statements);
        Expr length = pinned(expressions.readIndex(child(path, tree.getArguments().get(4))), "length", statements);
        if (src == ERROR || srcPos == ERROR || dst == ERROR || dstPos == ERROR || length == ERROR
                || !copiesFrom(srcPath, src) || !copiesInto(dstPath, dst)) {
            return;
        }
        if (!src.type().equals(dst.type())) {
            diagnostics.error(position, Message.UNSUPPORTED_STATEMENT,
                    "System.arraycopy from " + src.type() + " into " + dst.type(),
                    "copy between arrays of the same type (Java throws ArrayStoreException otherwise)");
            return;
        }
        statements.add(new Stmt.If(throwsInJava(src, srcPos, dst, dstPos, length, position), new Stmt.Block(List.of(
                new Stmt.Evaluate(new Expr.InvokeStatic(SYSTEM, "arraycopy",
                        List.of(sameShape(src), srcPos, sameShape(dst), dstPos, length), Type.VOID)))),
                new Stmt.Block(List.of()), position));
        Stmt forwards = copyLoop(src, srcPos, dst, dstPos, length, false, position);
        Expr sameArray = sameArray(src, dst);
        Boolean sourceFirst = srcPos instanceof Expr.Literal from && dstPos instanceof Expr.Literal to
                ? ((Number) from.value()).intValue() < ((Number) to.value()).intValue() : null;
        if (sameArray == null || Boolean.FALSE.equals(sourceFirst)) {
            statements.add(forwards);
        } else if (isTrue(sameArray) && Boolean.TRUE.equals(sourceFirst)) {
            statements.add(copyLoop(src, srcPos, dst, dstPos, length, true, position));
        } else {
            Expr overlapsAhead = sourceFirst != null ? sameArray
                    : and(sameArray, new Expr.Binary(BinaryOp.LT, srcPos, dstPos, position));
            statements.add(new Stmt.If(overlapsAhead,
                    new Stmt.Block(List.of(copyLoop(src, srcPos, dst, dstPos, length, true, position))),
                    new Stmt.Block(List.of(forwards)), position));
        }
        out.add(new Stmt.Block(statements));
    }

    /** Whether {@code src} is an array of one dimension this copy can read: a variable or a row of one. */
    private boolean copiesFrom(TreePath path, Expr src) {
        if (!(src.type() instanceof Type.Array array) || array.element() instanceof Type.Array || base(src) == null) {
            diagnostics.error(at(path), Message.UNSUPPORTED_EXPRESSION, "copying from " + src.type() + " here",
                    "System.arraycopy copies between arrays of one dimension: variables, or rows m[i]");
            return false;
        }
        return true;
    }

    /** Whether {@code dst} is a local array of one dimension, or a row of a local matrix. */
    private boolean copiesInto(TreePath path, Expr dst) {
        if (!copiesFrom(path, dst)) {
            return false;
        }
        Variable base = base(dst);
        if (base.origin() == Variable.Origin.PARAMETER) {
            diagnostics.error(at(path), Message.PARAMETER_ARRAY_WRITE, base.name());
            return false;
        }
        return true;
    }

    /** The variable {@code array} is or is a row of; null for anything else. */
    private static Variable base(Expr array) {
        if (array instanceof Expr.Ref ref) {
            return ref.variable();
        }
        if (array instanceof Expr.ArrayRead row && row.array() instanceof Expr.Ref ref) {
            return ref.variable();
        }
        return null;
    }

    /**
     * When the two may be one array at run time, the condition that they are; null when they cannot be.
     * Local arrays are fresh and {@code dst} is local, so only the same variable, or rows of the same
     * matrix with equal indices, can be the same array.
     */
    private static Expr sameArray(Expr src, Expr dst) {
        if (base(src) != base(dst)) {
            return null;
        }
        if (src instanceof Expr.ArrayRead srcRow && dst instanceof Expr.ArrayRead dstRow) {
            return new Expr.Binary(BinaryOp.EQ, srcRow.index(), dstRow.index(), srcRow.position());
        }
        return Expr.Literal.of(true);
    }

    /**
     * Java's arraycopy throws when an array is null, a position or the length is negative, or a range
     * ends past its array (written without the overflow of {@code pos + length}).
     */
    private static Expr throwsInJava(Expr src, Expr srcPos, Expr dst, Expr dstPos, Expr length, SourcePosition at) {
        List<Expr> failures = new ArrayList<>();
        failures.add(isNull(src, at));
        failures.add(isNull(dst, at));
        for (Expr e : List.of(srcPos, dstPos, length)) {
            boolean negative = !(e instanceof Expr.Literal literal) || ((Number) literal.value()).intValue() < 0;
            failures.add(negative ? new Expr.Binary(BinaryOp.LT, e, Expr.Literal.ofInt(0), at) : null);
        }
        failures.add(new Expr.Binary(BinaryOp.GT, srcPos,
                new Expr.Binary(BinaryOp.SUB, new Expr.ArrayLength(src, at), length, at), at));
        failures.add(new Expr.Binary(BinaryOp.GT, dstPos,
                new Expr.Binary(BinaryOp.SUB, new Expr.ArrayLength(dst, at), length, at), at));
        Expr condition = null;
        for (Expr failure : failures) {
            if (failure != null) {
                condition = condition == null ? failure : new Expr.Binary(BinaryOp.OR, condition, failure, at);
            }
        }
        return condition;
    }

    /** {@code array == null}, or null when {@code array} is a local array, which is never null. */
    private static Expr isNull(Expr array, SourcePosition at) {
        if (array instanceof Expr.Ref ref && ref.variable().origin() == Variable.Origin.LOCAL) {
            return null;
        }
        return new Expr.Binary(BinaryOp.EQ, array, new Expr.Literal(null, array.type(), at), at);
    }

    /**
     * A fresh array of {@code array}'s type and length, or null where it is null: what the real
     * arraycopy is given to throw its own exception with its own message, without touching the
     * user's arrays (nor, in forward mode, meeting an array of duals).
     */
    private static Expr sameShape(Expr array) {
        SourcePosition at = SourcePosition.NONE;
        Expr fresh = new Expr.NewArray((Type.Array) array.type(), List.of(new Expr.ArrayLength(array, at)), at);
        Expr isNull = isNull(array, at);
        return isNull == null ? fresh
                : new Expr.Conditional(isNull, new Expr.Literal(null, array.type(), at), fresh, array.type(), at);
    }

    /** {@code for (k = 0; k < length; k++) dst[dstPos + k] = src[srcPos + k];}, or from the end backwards. */
    private static Stmt copyLoop(Expr src, Expr srcPos, Expr dst, Expr dstPos, Expr length, boolean backwards,
            SourcePosition at) {
        Variable k = Variable.generated("copied", Type.INT);
        Expr kRef = new Expr.Ref(k, at);
        Expr one = Expr.Literal.ofInt(1);
        Stmt write = new Stmt.ArrayWrite(dst, offset(dstPos, kRef), new Expr.ArrayRead(src, offset(srcPos, kRef), at), at);
        Expr start = backwards ? new Expr.Binary(BinaryOp.SUB, length, one, at) : Expr.Literal.ofInt(0);
        Expr condition = backwards ? new Expr.Binary(BinaryOp.GE, kRef, Expr.Literal.ofInt(0), at)
                : new Expr.Binary(BinaryOp.LT, kRef, length, at);
        Stmt step = new Stmt.Assign(k, new Expr.Binary(backwards ? BinaryOp.SUB : BinaryOp.ADD, kRef, one, at), at);
        return new Stmt.Block(List.of(new Stmt.Declare(k, start, at),
                new Stmt.Loop(true, condition, new Stmt.Block(List.of(write)), new Stmt.Block(List.of(step)), at)));
    }

    /** {@code position + k}, or {@code k} from position 0. */
    private static Expr offset(Expr position, Expr k) {
        boolean zero = position instanceof Expr.Literal literal && Integer.valueOf(0).equals(literal.value());
        return zero ? k : new Expr.Binary(BinaryOp.ADD, position, k, k.position());
    }

    private static boolean isTrue(Expr e) {
        return e instanceof Expr.Literal literal && Boolean.TRUE.equals(literal.value());
    }

    private static Expr and(Expr a, Expr b) {
        if (isTrue(a)) {
            return b;
        }
        return new Expr.Binary(BinaryOp.AND, a, b, b.position());
    }

    /** {@code e} itself when it is a constant or a variable, else a generated local holding its value. */
    private static Expr pinned(Expr e, String name, List<Stmt> out) {
        if (e == ERROR || e instanceof Expr.Literal || e instanceof Expr.Ref) {
            return e;
        }
        Variable once = Variable.generated(name, e.type());
        out.add(new Stmt.Declare(once, e, e.position()));
        return new Expr.Ref(once, e.position());
    }

    /** A row {@code m[i]} with its index pinned, as Java evaluates it once, before the copy. */
    private static Expr pinnedRow(Expr array, String name, List<Stmt> out) {
        if (array instanceof Expr.ArrayRead row && row.type() instanceof Type.Array) {
            return new Expr.ArrayRead(row.array(), pinned(row.index(), name, out), row.position());
        }
        return array;
    }
}
