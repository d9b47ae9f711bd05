package dev.adjoint.processor.read;

import com.sun.source.util.Trees;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.RecordComponentElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The shape of a record a method takes, from the record's declaration (never from attributed bodies,
 * which processors do not see): its components, recursively, each leaf a parameter of the function.
 * A record is accepted when reading its components and building one from partials is exact: it is
 * compiled in this compilation, plain (implicit accessors and canonical constructor), not generic, not
 * private, and its components are numbers, arrays of doubles, booleans or such records. A record-like
 * final class of this compilation is taken alike, its fields as components ({@link ValueClasses}).
 */
final class RecordShapes {

    private final Trees trees;
    private final Elements elements;
    private final TypeElement userClass;
    private final ValueClasses classes;

    RecordShapes(Trees trees, Elements elements, TypeElement userClass) {
        this.trees = trees;
        this.elements = elements;
        this.userClass = userClass;
        this.classes = new ValueClasses(trees, elements, userClass);
    }

    /**
     * The record, or the class of this compilation (to be checked as a record-like class), a value of
     * type {@code type} is; empty for any other type.
     */
    Optional<TypeElement> valueClassOf(TypeMirror type) {
        return recordOf(type).or(() -> ValueClasses.classOf(type, trees));
    }

    /** The record or final class a callee's parameter of type {@code type} takes, matched against arguments. */
    static boolean isValueClass(TypeMirror type) {
        return recordOf(type).isPresent() || ValueClasses.isFinalClass(type);
    }

    /** The record class a parameter of type {@code type} is, or empty for any other type. */
    static Optional<TypeElement> recordOf(TypeMirror type) {
        if (type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).asElement() instanceof TypeElement record
                && record.getKind() == ElementKind.RECORD) {
            return Optional.of(record);
        }
        return Optional.empty();
    }

    /**
     * The shape of {@code record}, its leaves named {@code prefix} + component ({@code pW} for
     * {@code p.w}; the component's own name when {@code prefix} is empty), or empty with the errors
     * reported at {@code position}.
     */
    Optional<RecordShape> shapeOf(TypeElement record, String prefix, SourcePosition position, Diagnostics diagnostics) {
        int errors = diagnostics.count();
        RecordShape shape = shape(record, prefix, new HashSet<>(), position, diagnostics);
        return diagnostics.count() > errors ? Optional.empty() : Optional.of(shape);
    }

    private RecordShape shape(TypeElement record, String prefix, Set<TypeElement> enclosing, SourcePosition position,
            Diagnostics diagnostics) {
        String name = record.getSimpleName().toString();
        boolean isRecord = record.getKind() == ElementKind.RECORD;
        List<ValueClasses.Member> members;
        if (isRecord) {
            checkPlain(record, name, position, diagnostics);
            members = record.getRecordComponents().stream().map(c -> new ValueClasses.Member(
                    c.getSimpleName().toString(), c.getSimpleName().toString(), c.asType())).toList();
        } else {
            members = classes.members(record, position, diagnostics);
        }
        enclosing.add(record);
        List<RecordShape.Component> components = new ArrayList<>();
        for (ValueClasses.Member member : members) {
            String componentName = member.name();
            String leafName = prefix.isEmpty() ? componentName : prefix + GradNames.capitalize(componentName);
            TypeMirror type = member.type();
            Optional<Type> leaf = TypeMapping.of(type);
            Optional<TypeElement> nested = valueClassOf(type);
            if (leaf.isPresent()) {
                components.add(new RecordShape.Component(componentName, member.getter(),
                        new Variable(leafName, leaf.get(), Variable.Origin.PARAMETER), null));
            } else if (nested.isPresent() && enclosing.contains(nested.get())) {
                diagnostics.error(position, isRecord ? Message.RECORD_RECURSIVE : Message.CLASS_RECURSIVE, name,
                        componentName);
            } else if (nested.isPresent()) {
                components.add(new RecordShape.Component(componentName, member.getter(), null,
                        shape(nested.get(), leafName, enclosing, position, diagnostics)));
            } else {
                diagnostics.error(position, isRecord ? Message.RECORD_COMPONENT_TYPE : Message.CLASS_FIELD_TYPE, name,
                        componentName, type);
            }
        }
        enclosing.remove(record);
        return new RecordShape(GradNames.classType(elements, record), components);
    }

    private void checkPlain(TypeElement record, String name, SourcePosition position, Diagnostics diagnostics) {
        if (trees.getPath(record) == null) {
            diagnostics.error(position, Message.RECORD_NOT_IN_SOURCE, record.getQualifiedName());
            return;
        }
        if (!record.getTypeParameters().isEmpty()) {
            diagnostics.error(position, Message.RECORD_GENERIC, name);
        }
        for (Element e = record; e instanceof TypeElement type; e = type.getEnclosingElement()) {
            if (type.getModifiers().contains(Modifier.PRIVATE)) {
                diagnostics.error(position, Message.RECORD_INACCESSIBLE, name,
                        GradNames.gradClass(elements, userClass).simpleName());
            }
        }
        for (RecordComponentElement component : record.getRecordComponents()) {
            // An implicit accessor has no tree of its own; one the record declares has.
            if (component.getAccessor() != null && trees.getTree(component.getAccessor()) != null) {
                diagnostics.error(position, Message.RECORD_CUSTOM_ACCESSOR, name, component.getSimpleName());
            }
        }
        for (ExecutableElement constructor : ElementFilter.constructorsIn(record.getEnclosedElements())) {
            if (isCanonical(record, constructor) && elements.getOrigin(constructor) != Elements.Origin.MANDATED) {
                diagnostics.error(position, Message.RECORD_CUSTOM_CONSTRUCTOR, name);
            }
        }
    }

    private static boolean isCanonical(TypeElement record, ExecutableElement constructor) {
        List<? extends RecordComponentElement> components = record.getRecordComponents();
        if (constructor.getParameters().size() != components.size()) {
            return false;
        }
        for (int i = 0; i < components.size(); i++) {
            if (!constructor.getParameters().get(i).asType().toString().equals(components.get(i).asType().toString())) {
                return false;
            }
        }
        return true;
    }
}
