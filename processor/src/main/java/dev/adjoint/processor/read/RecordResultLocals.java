package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.at;

import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.NamePart;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/**
 * A local record declared with a call of a {@code @Differentiable} method returning a record of doubles
 * ({@code Point p = polar(r, t);}), read as a vector call and the locals of its leaves:
 * {@code double[] p = polar(r, t); double pX = p[0]; double pY = p[1];}. The transforms see the vector
 * call they know (only its target knows the record, {@code CallTarget.resultRecord}); the body reads
 * {@code p.x()} as {@code pX} and may pass {@code p} whole, built from its leaves, as it passes a
 * record parameter.
 */
final class RecordResultLocals {

    private RecordResultLocals() {
    }

    /**
     * The shape of the record a {@code @Differentiable} method returns, its leaves named after the
     * components; empty, with the error reported at {@code position}, when a leaf is not a double
     * (the method's own compilation refuses such a method, so only a method compiled elsewhere gets here).
     */
    static Optional<RecordShape> shapeOf(TypeElement record, String method, SymbolResolver symbols,
            SourcePosition position, Diagnostics diagnostics) {
        return shapeOf(record, method, symbols, position, diagnostics, new HashSet<>());
    }

    private static Optional<RecordShape> shapeOf(TypeElement record, String method, SymbolResolver symbols,
            SourcePosition position, Diagnostics diagnostics, Set<TypeElement> enclosing) {
        enclosing.add(record);
        List<RecordShape.Component> components = new ArrayList<>();
        for (RecordComponentElement component : record.getRecordComponents()) {
            String name = component.getSimpleName().toString();
            Optional<TypeElement> nested = RecordShapes.recordOf(component.asType());
            if (component.asType().getKind() == TypeKind.DOUBLE) {
                components.add(new RecordShape.Component(name, new Variable(name, Type.DOUBLE, Variable.Origin.LOCAL),
                        null));
            } else if (nested.isPresent() && !enclosing.contains(nested.get())) {
                Optional<RecordShape> inner = shapeOf(nested.get(), method, symbols, position, diagnostics, enclosing);
                if (inner.isEmpty()) {
                    return Optional.empty();
                }
                components.add(new RecordShape.Component(name, null, inner.get()));
            } else {
                diagnostics.error(position, Message.RECORD_RESULT_COMPONENT, method, record.getSimpleName(), name,
                        component.asType());
                return Optional.empty();
            }
        }
        enclosing.remove(record);
        return Optional.of(new RecordShape(symbols.classType(record), components));
    }

    /**
     * Declares the local record {@code name} given by {@code call}: the vector call into a local array
     * of its own and a local of each leaf reading it, appended to {@code out}; the record in
     * {@code scope}, read through those locals.
     */
    static void declare(TreePath path, String name, Expr.Call call, Scope scope, List<Stmt> out) {
        scope.declareLocalRecord(name, declareLeaves(path, name, Variable.Origin.LOCAL, call, out));
    }

    /**
     * Declares, for a record a call gives where no local is written ({@code polar(r, t).x()}), a local
     * record of a generated name ({@code polar}, its leaves {@code polarX}, ...) that no name of the
     * body reaches: the shape of its leaves, through which {@link CallResultReads} reads it.
     */
    static RecordShape declareGenerated(TreePath path, String name, Expr.Call call, List<Stmt> out) {
        return declareLeaves(path, name, Variable.Origin.GENERATED, call, out);
    }

    private static RecordShape declareLeaves(TreePath path, String name, Variable.Origin origin, Expr.Call call,
            List<Stmt> out) {
        SourcePosition position = at(path);
        Variable leaves = new Variable(name, Type.DOUBLE_ARRAY, origin);
        out.add(new Stmt.Declare(leaves, call, position));
        RecordShape local = origin == Variable.Origin.LOCAL ? renamed(call.target().resultRecord(), name)
                : generated(call.target().resultRecord(), List.of(NamePart.of(leaves)));
        List<Variable> locals = local.leaves();
        for (int i = 0; i < locals.size(); i++) {
            Expr element = new Expr.ArrayRead(new Expr.Ref(leaves, position), Expr.Literal.ofInt(i), position);
            out.add(new Stmt.Declare(locals.get(i), element, position));
        }
        return local;
    }

    /** {@code shape} with fresh local leaves named {@code prefix} + component ({@code pX} for {@code p.x}). */
    private static RecordShape renamed(RecordShape shape, String prefix) {
        List<RecordShape.Component> components = new ArrayList<>();
        for (RecordShape.Component c : shape.components()) {
            String name = prefix + GradNames.capitalize(c.name());
            components.add(c.leaf() != null
                    ? new RecordShape.Component(c.name(), new Variable(name, c.leaf().type(), Variable.Origin.LOCAL), null)
                    : new RecordShape.Component(c.name(), null, renamed(c.nested(), name)));
        }
        return new RecordShape(shape.type(), components);
    }

    /**
     * {@code shape} with fresh generated leaves named after the array they are read from and their
     * components ({@code polar2X} for {@code x} read from {@code polar2}), as the emitter names that array.
     */
    private static RecordShape generated(RecordShape shape, List<NamePart> prefix) {
        List<RecordShape.Component> components = new ArrayList<>();
        for (RecordShape.Component c : shape.components()) {
            List<NamePart> parts = new ArrayList<>(prefix);
            parts.add(NamePart.word(GradNames.capitalize(c.name())));
            components.add(c.leaf() != null
                    ? new RecordShape.Component(c.name(), Variable.derived(parts, c.leaf().type()), null)
                    : new RecordShape.Component(c.name(), null, generated(c.nested(), parts)));
        }
        return new RecordShape(shape.type(), components);
    }
}
