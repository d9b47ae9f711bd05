package dev.adjoint.processor.read;

import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * A method's parameters as the read stage takes them: plain ones as they are, and each record
 * parameter flattened into its leaves ({@link RecordShapes}), which the function reads as parameters
 * of their own. A method of a record takes the record itself first, as {@code self}, its components
 * visible by their own names as they are in the record's body.
 */
final class ReadParameters {

    /** The name of the record a record's method is called on, in the generated methods. */
    static final String SELF = "self";

    private final RecordShapes shapes;
    private final Elements elements;
    private final DerivativeOfRules rules;
    private final List<Variable> parameters = new ArrayList<>();
    private final List<Variable> signature = new ArrayList<>();
    private final Map<Variable, RecordShape> records = new IdentityHashMap<>();
    /** The names the body reads directly: plain parameters, and a record method's components. */
    private final List<Variable> visible = new ArrayList<>();
    private final Map<String, RecordShape> visibleRecords = new LinkedHashMap<>();
    private boolean complete = true;
    /** Parameters whose type was refused, each already reported on its declaration. */
    private final Set<String> refused = new LinkedHashSet<>();

    ReadParameters(RecordShapes shapes, Elements elements, DerivativeOfRules rules) {
        this.shapes = shapes;
        this.elements = elements;
        this.rules = rules;
    }

    /** The record whose method this is, as {@code self}; its components are read as {@code mu}, {@code this.mu}, {@code mu()}. */
    void addSelf(TypeElement record, SourcePosition position, Diagnostics diagnostics) {
        Optional<RecordShape> shape = shapes.shapeOf(record, "", position, diagnostics);
        if (shape.isEmpty()) {
            complete = false;
            return;
        }
        addRecord(new Variable(SELF, shape.get().type(), Variable.Origin.PARAMETER), shape.get());
        visibleRecords.put("this", shape.get());
        for (RecordShape.Component c : shape.get().components()) {
            if (c.leaf() != null) {
                visible.add(c.leaf());
            } else {
                visibleRecords.put(c.name(), c.nested());
            }
        }
    }

    void add(VariableElement parameter, SourcePosition position, Diagnostics diagnostics) {
        String name = parameter.getSimpleName().toString();
        Optional<Type> type = TypeMapping.of(parameter.asType()).or(() -> ValueOnlyTypes.of(parameter.asType(), elements, rules));
        Optional<TypeElement> record = shapes.valueClassOf(parameter.asType());
        if (type.isPresent()) {
            Variable variable = new Variable(name, type.get(), Variable.Origin.PARAMETER);
            parameters.add(variable);
            signature.add(variable);
            visible.add(variable);
        } else if (record.isPresent()) {
            Optional<RecordShape> shape = shapes.shapeOf(record.get(), name, position, diagnostics);
            if (shape.isEmpty()) {
                complete = false;
                refused.add(name);
                return;
            }
            addRecord(new Variable(name, shape.get().type(), Variable.Origin.PARAMETER), shape.get());
            visibleRecords.put(name, shape.get());
        } else {
            diagnostics.error(position, Message.UNSUPPORTED_PARAMETER_TYPE, name, parameter.asType());
            complete = false;
            refused.add(name);
        }
    }

    private void addRecord(Variable declared, RecordShape shape) {
        signature.add(declared);
        records.put(declared, shape);
        parameters.addAll(shape.leaves());
    }

    /** The function's parameters: plain ones and records' leaves, in declaration order. */
    List<Variable> parameters() {
        return parameters;
    }

    /** The parameters as declared: a record as itself. */
    List<Variable> signature() {
        return signature;
    }

    Map<Variable, RecordShape> records() {
        return records;
    }

    List<Variable> visible() {
        return visible;
    }

    Map<String, RecordShape> visibleRecords() {
        return visibleRecords;
    }

    /** The names of the parameters whose type was refused: the body's reads of them add no error. */
    Set<String> refused() {
        return refused;
    }

    /** Whether every parameter could be read. */
    boolean complete() {
        return complete;
    }

    /** The leaves of a declared parameter that can be differentiated: itself if it is a double or an array. */
    List<Variable> differentiableLeaves(Variable declared) {
        List<Variable> leaves = records.containsKey(declared) ? records.get(declared).leaves() : List.of(declared);
        return leaves.stream().filter(v -> v.type().isDifferentiable()).toList();
    }
}
