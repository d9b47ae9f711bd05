package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A record a call returns, read where no local holds it: a component read straight off the call
 * ({@code polar(r, t).x()}, {@code turn(a).from().x()}), the record passed whole
 * ({@code norm2(polar(r, t), k)}) or its method called ({@code polar(r, t).along(a)}). The call is
 * lowered to the local form, a local record of a generated name declared just before the statement
 * (where the effects of expressions go, in Java's order): {@code Point polar = polar(r, t);} read as
 * {@code polar.x()}. The transforms see exactly what they see for {@code Point p = polar(r, t); p.x()},
 * and where that form is refused (in a loop) or no local can be declared (a switch selector), so is
 * this one, on the call's line.
 */
final class CallResultReads {

    private final ExpressionReader expressions;
    private final CallReader calls;
    private final RecordReads records;
    private final SideEffectLowering effects;
    private final Diagnostics diagnostics;
    /** Calls whose record could not be read (the error reported): a second look reports nothing more. */
    private final Set<Tree> refused = Collections.newSetFromMap(new IdentityHashMap<>());

    CallResultReads(ExpressionReader expressions, CallReader calls, RecordReads records, SideEffectLowering effects,
            Diagnostics diagnostics) {
        this.expressions = expressions;
        this.calls = calls;
        this.records = records;
        this.effects = effects;
        this.diagnostics = diagnostics;
    }

    /**
     * Gives the call a record is read from in {@code path} (the innermost receiver of its component
     * reads, or the tree itself when {@code whole}: a record passed or called on) a local record, once,
     * so that {@link RecordReads#resolve} names it. False when that call's error is reported: the read
     * is then {@link ExpressionReader#ERROR}; true when there is no such call, or it has its local.
     */
    boolean lower(TreePath path, boolean whole) {
        Optional<TreePath> found = recordCall(path, whole);
        if (found.isEmpty() || records.givesRecord(found.get().getLeaf())) {
            return true;
        }
        TreePath callPath = found.get();
        MethodInvocationTree tree = (MethodInvocationTree) callPath.getLeaf();
        if (refused.contains(tree)) {
            return false;
        }
        Expr read = expressions.readArrayInitializer(callPath);
        if (!(read instanceof Expr.Call call) || call.target().resultRecord() == null) {
            if (read != ERROR) {
                throw new IllegalStateException("a call returning a record read as " + read);
            }
            refused.add(tree);
            return false;
        }
        String record = call.target().resultRecord().type().simpleName();
        List<Stmt> out = effects.sink();
        if (out == null) {
            return refuse(callPath, Message.RECORD_RESULT_CALL_HERE, tree, record, effects.refusedIn(),
                    call.target().name());
        }
        if (effects.inLoop()) {
            return refuse(callPath, Message.RECORD_RESULT_CALL_IN_LOOP, tree, record, call.target().name());
        }
        records.callGives(tree, RecordResultLocals.declareGenerated(callPath, call.target().name(), call, out));
        return true;
    }

    private boolean refuse(TreePath callPath, Message message, Object... arguments) {
        diagnostics.error(at(callPath), message, arguments);
        refused.add(callPath.getLeaf());
        return false;
    }

    /**
     * The innermost receiver of the component reads {@code path} makes ({@code polar(r, t)} in
     * {@code polar(r, t).from().x()}), or {@code path} itself when {@code whole}, if it is a call of
     * a method returning a record; else empty.
     */
    private Optional<TreePath> recordCall(TreePath path, boolean whole) {
        TreePath at = path;
        boolean receiver = whole;
        while (true) {
            Tree tree = at.getLeaf();
            if (tree instanceof ParenthesizedTree parenthesized) {
                at = child(at, parenthesized.getExpression());
            } else if (tree instanceof MemberSelectTree select) {
                at = child(at, select.getExpression());
                receiver = true;
            } else if (tree instanceof MethodInvocationTree call) {
                if (receiver && calls.returnedRecord(call).isPresent()) {
                    return Optional.of(at);
                }
                if (!call.getArguments().isEmpty() || !(call.getMethodSelect() instanceof MemberSelectTree select)) {
                    return Optional.empty();
                }
                at = child(child(at, select), select.getExpression()); // a getter: p.from() in p.from().x()
                receiver = true;
            } else {
                return Optional.empty();
            }
        }
    }
}
