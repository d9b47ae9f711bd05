package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.BodyReader.convert;
import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;
import static dev.adjoint.processor.read.ExpressionReader.describe;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the writes of a method body for {@link BodyReader}: assignments, compound assignments,
 * {@code ++} and {@code --}, what they write, and the writes of the values a switch expression yields.
 */
final class AssignmentReader {

    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    private final Scope scope;
    private final ExpressionReader expressions;
    private final SideEffectLowering effects;
    private final SwitchReader switches;

    AssignmentReader(SymbolResolver symbols, Diagnostics diagnostics, Scope scope, ExpressionReader expressions,
                     SideEffectLowering effects, SwitchReader switches) {
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.scope = scope;
        this.expressions = expressions;
        this.effects = effects;
        this.switches = switches;
    }

    /**
     * {@code target = switch (..) {..};}: a write of the variable for each value the switch yields. An
     * array element is written once, after the switch, with its indices evaluated before it as Java
     * does: a case may change what they read.
     */
    private void readSwitchAssignment(TreePath path, AssignmentTarget target, TreePath value, List<Stmt> out) {
        if (target instanceof AssignmentTarget.Element element) {
            AssignmentTarget.Element pinned = element.evaluatedOnce(out);
            Variable result = Variable.generated("switchValue", pinned.type());
            out.add(new Stmt.Declare(result, null, at(path)));
            readSwitchInto(result, value, out);
            out.add(pinned.write(new Expr.Ref(result, at(path)), at(path)));
        } else {
            readSwitchInto(((AssignmentTarget.Local) target).variable(), value, out);
        }
    }

    /**
     * An assignment, compound assignment, {@code ++} or {@code --}, its write added to {@code out} after
     * the effects of the expressions in it (see {@link SideEffectLowering}); returns what it wrote, its
     * indices evaluated where Java evaluates them, or empty after an error. Java evaluates the target's
     * indices and, for a compound assignment, the target's value before the right side: where the
     * right side's effects change them, they are settled into temporaries first ({@code x += (x = 2)}).
     */
    Optional<AssignmentTarget> readWrite(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        switch (tree.getKind()) {
            case ASSIGNMENT -> {
                AssignmentTree assignment = (AssignmentTree) tree;
                Optional<AssignmentTarget> target = effects.into(out,
                        () -> assignedTarget(child(path, assignment.getVariable()), out));
                TreePath switchValue = SwitchReader.switchExpression(child(path, assignment.getExpression()));
                if (switchValue != null) {
                    if (target.isPresent()) {
                        readSwitchAssignment(path, target.get(), switchValue, out);
                    } else {
                        // no target to write, but the switch's own errors are reported too
                        switches.readExpression(switchValue, (v, o) -> expressions.readExpression(v), new ArrayList<>());
                    }
                    return target;
                }
                int mark = out.size();
                Expr value = effects.into(out, () -> expressions.readExpression(child(path, assignment.getExpression())));
                return target.map(written -> {
                    AssignmentTarget t = SideEffectLowering.settled(written, out, mark);
                    requireNumericOrBoolean(child(path, assignment.getExpression()), value);
                    out.add(t.write(convert(value, t.type()), at(path)));
                    return t;
                });
            }
            case PLUS_ASSIGNMENT, MINUS_ASSIGNMENT, MULTIPLY_ASSIGNMENT, DIVIDE_ASSIGNMENT, REMAINDER_ASSIGNMENT,
                    AND_ASSIGNMENT, OR_ASSIGNMENT, XOR_ASSIGNMENT,
                    LEFT_SHIFT_ASSIGNMENT, RIGHT_SHIFT_ASSIGNMENT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> {
                CompoundAssignmentTree compound = (CompoundAssignmentTree) tree;
                Optional<AssignmentTarget> target = effects.into(out,
                        () -> assignedTarget(child(path, compound.getVariable()), out));
                int mark = out.size();
                Expr value = effects.into(out, () -> expressions.readExpression(child(path, compound.getExpression())));
                BinaryOp op = switch (tree.getKind()) {
                    case PLUS_ASSIGNMENT -> BinaryOp.ADD;
                    case MINUS_ASSIGNMENT -> BinaryOp.SUB;
                    case MULTIPLY_ASSIGNMENT -> BinaryOp.MUL;
                    case DIVIDE_ASSIGNMENT -> BinaryOp.DIV;
                    case REMAINDER_ASSIGNMENT -> BinaryOp.REM;
                    case AND_ASSIGNMENT -> BinaryOp.BIT_AND;
                    case OR_ASSIGNMENT -> BinaryOp.BIT_OR;
                    case XOR_ASSIGNMENT -> BinaryOp.BIT_XOR;
                    case LEFT_SHIFT_ASSIGNMENT -> BinaryOp.SHL;
                    case RIGHT_SHIFT_ASSIGNMENT -> BinaryOp.SHR;
                    default -> BinaryOp.USHR;
                };
                return target.flatMap(written -> {
                    // the value before the right side's effects, then the element those effects may move
                    Expr current = SideEffectLowering.settled(written.current(at(path)), out, mark);
                    AssignmentTarget t = SideEffectLowering.settled(written, out, mark);
                    Expr combined;
                    if (op.isArithmetic()) {
                        expressions.requireNumeric(child(path, compound.getExpression()), value);
                        combined = new Expr.Binary(op, current, value, at(path));
                    } else {
                        combined = expressions.bitOperation(path, op, current, value);
                    }
                    if (combined == ERROR) {
                        return Optional.empty();
                    }
                    out.add(t.write(convert(combined, t.type()), at(path)));
                    return Optional.of(t);
                });
            }
            default -> {
                UnaryTree unary = (UnaryTree) tree;
                Optional<AssignmentTarget> target = effects.into(out,
                        () -> assignedTarget(child(path, unary.getExpression()), out));
                boolean up = tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
                target.ifPresent(t -> {
                    Expr step = new Expr.Binary(up ? BinaryOp.ADD : BinaryOp.SUB, t.current(at(path)),
                            Expr.Literal.ofInt(1), at(path));
                    out.add(t.write(convert(step, t.type()), at(path)));
                });
                return target;
            }
        }
    }

    private void requireNumericOrBoolean(TreePath path, Expr e) {
        if (e != ERROR && e.type() instanceof Type.Array) {
            diagnostics.error(at(path), Message.UNSUPPORTED_EXPRESSION, "an array value",
                    "arrays are created once with new double[...] and then written element by element");
        }
    }

    /**
     * What an assignment writes; fields, parameter arrays and whole arrays are reported. An index
     * that reads the array being written is evaluated once, into a local added to {@code out}.
     */
    Optional<AssignmentTarget> assignedTarget(TreePath path, List<Stmt> out) {
        Tree tree = path.getLeaf();
        if (tree instanceof IdentifierTree id) {
            Optional<Variable> local = scope.lookup(id.getName().toString());
            if (local.isPresent() && local.get().type() instanceof Type.Array) {
                diagnostics.error(at(path), Message.ARRAY_REASSIGNED, id.getName());
                return Optional.empty();
            }
            if (local.isPresent() && ValueOnlyTypes.isValueOnly(local.get().type())) {
                diagnostics.error(at(path), Message.VALUE_ONLY_ASSIGNED, id.getName(), local.get().type());
                return Optional.empty();
            }
            if (local.isPresent()) {
                return Optional.of(new AssignmentTarget.Local(local.get()));
            }
            if (symbols.unqualifiedField(id.getName().toString()).isPresent()) {
                diagnostics.error(at(path), Message.ASSIGNMENT_TO_FIELD, id.getName());
            } else {
                diagnostics.error(at(path), Message.UNKNOWN_NAME, id.getName());
            }
        } else if (tree instanceof MemberSelectTree select) {
            diagnostics.error(at(path), Message.ASSIGNMENT_TO_FIELD, select.toString());
        } else if (tree instanceof ArrayAccessTree access) {
            Expr rows = expressions.readExpression(child(path, access.getExpression()));
            int mark = out.size();
            Expr index = expressions.readIndex(child(path, access.getIndex()));
            Expr array = SideEffectLowering.settled(rows, out, mark);
            if (array == ERROR || index == ERROR) {
                return Optional.empty();
            }
            Variable base = StatementWalker.arrayVariable(array);
            if (base != null && base.origin() == Variable.Origin.PARAMETER) {
                diagnostics.error(at(path), Message.PARAMETER_ARRAY_WRITE, RecordReads.asWritten(access, base));
            } else if (((Type.Array) array.type()).element() instanceof Type.Array) {
                diagnostics.error(at(path), Message.ARRAY_REASSIGNED, tree);
            } else {
                if (array instanceof Expr.ArrayRead row) {
                    array = new Expr.ArrayRead(row.array(), indexOnce(row.index(), base, out), row.position());
                }
                return Optional.of(new AssignmentTarget.Element(array, indexOnce(index, base, out)));
            }
        } else {
            diagnostics.error(at(path), Message.UNSUPPORTED_EXPRESSION, describe(tree), "assign a local variable");
        }
        return Optional.empty();
    }

    /**
     * {@code index} itself, or a local holding its value when it reads {@code array}, the array being
     * written: Java evaluates it once, before the write, and the reverse sweep, which undoes the write,
     * must find the element it wrote; computed again after the write, {@code a[(int) a[0]] = v} would
     * read the new {@code a[0]}.
     */
    private static Expr indexOnce(Expr index, Variable array, List<Stmt> out) {
        if (array == null || !StatementWalker.reads(index, array)) {
            return index;
        }
        Variable once = new Variable(array.name() + "Index", index.type(), Variable.Origin.GENERATED);
        out.add(new Stmt.Declare(once, index, index.position()));
        return new Expr.Ref(once, index.position());
    }

    /** The switch expression {@code value}, with a write of {@code variable} for each value it yields. */
    void readSwitchInto(Variable variable, TreePath value, List<Stmt> out) {
        switches.readExpression(value, (yielded, o) -> {
            Expr e = effects.refusing("a switch expression's value", () -> expressions.readExpression(yielded));
            requireNumericOrBoolean(yielded, e);
            o.add(new Stmt.Assign(variable, convert(e, variable.type()), at(yielded)));
        }, out);
    }
}
