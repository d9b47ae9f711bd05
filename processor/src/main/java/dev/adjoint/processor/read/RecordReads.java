package dev.adjoint.processor.read;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of a record's components: {@code p.w()} and {@code p.w} (also through nested records,
 * {@code p.inner().w()}), and in a method of a record {@code this.mu}, {@code this.mu()} and
 * {@code mu()} (a plain {@code mu} is a local of the scope). Each names one leaf of the record's
 * shape, a parameter of the function; a record may be read only down to its leaves.
 */
final class RecordReads {

    private final Scope scope;
    /**
     * Calls whose record is read where no local is written ({@code polar(r, t).x()}), each given a
     * local record of its own by {@link CallResultReads}: the record each call names.
     */
    private final Map<Tree, Found> calls = new IdentityHashMap<>();

    RecordReads(Scope scope) {
        this.scope = scope;
    }

    /** The call {@code call} names the record read through the leaves of {@code shape} from now on. */
    void callGives(MethodInvocationTree call, RecordShape shape) {
        calls.put(call, new Found(call.toString(), null, shape));
    }

    /** Whether {@code call} names a record already: see {@link #callGives}. */
    boolean givesRecord(Tree call) {
        return calls.containsKey(call);
    }

    /**
     * What a tree rooted at a record names: a leaf, or a nested record (then {@code leaf} is null).
     *
     * @param root the record parameter the tree starts from, for messages
     */
    record Found(String root, Variable leaf, RecordShape record) {
    }

    /** What {@code tree} names when it reads a record's component or is a record; empty for any other tree. */
    Optional<Found> resolve(Tree tree) {
        if (tree instanceof ParenthesizedTree parenthesized) {
            return resolve(parenthesized.getExpression());
        }
        if (calls.containsKey(tree)) {
            return Optional.of(calls.get(tree));
        }
        if (tree instanceof IdentifierTree id) {
            String name = id.getName().toString();
            return scope.record(name).map(shape -> new Found(name, null, shape));
        }
        if (tree instanceof MemberSelectTree select) {
            return component(select.getExpression(), select.getIdentifier().toString(), false);
        }
        if (tree instanceof MethodInvocationTree call && call.getArguments().isEmpty()
                && call.getTypeArguments().isEmpty()) {
            ExpressionTree method = call.getMethodSelect();
            if (method instanceof MemberSelectTree select) {
                return component(select.getExpression(), select.getIdentifier().toString(), true);
            }
            if (method instanceof IdentifierTree id) {
                // mu() in a method of a record: the accessor of this.
                return scope.record("this").flatMap(self -> component(self, "this", id.getName().toString(), true));
            }
        }
        return Optional.empty();
    }

    /** In a method of a record, the record itself ({@code this}); empty elsewhere. */
    Optional<Found> self() {
        return scope.record("this").map(shape -> new Found("this", null, shape));
    }

    /**
     * The array an element write names, for a message: {@code p.ws()} as written when it is a
     * record's component, whose leaf has a name of the generated code only ({@code pWs}).
     */
    static String asWritten(ArrayAccessTree element, Variable base) {
        Tree array = element.getExpression();
        while (array instanceof ArrayAccessTree outer) {
            array = outer.getExpression();
        }
        return array instanceof IdentifierTree ? base.name() : array.toString();
    }

    /** Whether {@code tree} reads an array component of a record. */
    boolean isArray(Tree tree) {
        return resolve(tree).map(found -> found.leaf() != null && found.leaf().type() instanceof Type.Array)
                .orElse(false);
    }

    /** The component {@code receiver} reads: through its getter when {@code called}, else as a field. */
    private Optional<Found> component(ExpressionTree receiver, String name, boolean called) {
        return resolve(receiver).filter(found -> found.record() != null)
                .flatMap(found -> component(found.record(), found.root(), name, called));
    }

    private static Optional<Found> component(RecordShape shape, String root, String name, boolean called) {
        for (RecordShape.Component c : shape.components()) {
            if (name.equals(called ? c.getter() : c.name())) {
                return Optional.of(new Found(root, c.leaf(), c.nested()));
            }
        }
        return Optional.empty();
    }
}
