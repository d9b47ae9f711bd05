package dev.adjoint.processor.read;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Record-like final classes: a class Adjoint takes apart and rebuilds as it does a record. Its
 * members, in the order of the constructor that rebuilds it, are its fields, each read through a
 * getter proved to return it as it is ({@code double mu() { return mu; }}, {@code getMu()}) or, when
 * the generated class may, as the field itself. The checks make rebuilding exact: the class is
 * final, not generic, extends Object, is compiled in this round, its instance fields are final, and a
 * constructor stores each field from a parameter of its own and does nothing else (so a partial
 * built with it holds exactly the partials given, as a record's canonical constructor does).
 */
final class ValueClasses {

    /** A field as a component: read with {@code getter}, or as the field when that is null. */
    record Member(String name, String getter, TypeMirror type) {
    }

    private final Trees trees;
    private final Elements elements;
    /** The class whose generated class takes the object apart and builds it. */
    private final TypeElement userClass;

    ValueClasses(Trees trees, Elements elements, TypeElement userClass) {
        this.trees = trees;
        this.elements = elements;
        this.userClass = userClass;
    }

    /** A class (not a record, interface or enum) compiled in this round: a candidate, checked by {@link #members}. */
    static Optional<TypeElement> classOf(TypeMirror type, Trees trees) {
        if (type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).asElement() instanceof TypeElement named
                && named.getKind() == ElementKind.CLASS && trees.getPath(named) != null) {
            return Optional.of(named);
        }
        return Optional.empty();
    }

    /** Whether {@code type} is a final class, as a callee's parameter type is matched (its checks are the argument's). */
    static boolean isFinalClass(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED && ((DeclaredType) type).asElement() instanceof TypeElement named
                && named.getKind() == ElementKind.CLASS && named.getModifiers().contains(Modifier.FINAL);
    }

    /**
     * The fields of {@code type} in the order of its rebuilding constructor, or the reasons it cannot
     * be taken, reported at {@code position} (the user's line); then the list is empty or partial and
     * {@code diagnostics} has grown.
     */
    List<Member> members(TypeElement type, SourcePosition position, Diagnostics diagnostics) {
        String name = type.getSimpleName().toString();
        if (!type.getModifiers().contains(Modifier.FINAL)) {
            diagnostics.error(position, Message.CLASS_NOT_FINAL, name);
            return List.of();
        }
        if (!type.getTypeParameters().isEmpty()) {
            diagnostics.error(position, Message.CLASS_GENERIC, name);
        }
        TypeMirror superclass = type.getSuperclass();
        if (!(superclass instanceof DeclaredType declared
                && ((TypeElement) declared.asElement()).getQualifiedName().contentEquals("java.lang.Object"))) {
            diagnostics.error(position, Message.CLASS_SUPERCLASS, name, superclass);
        }
        if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
            diagnostics.error(position, Message.CLASS_INNER, name);
        }
        for (Element e = type; e instanceof TypeElement t; e = t.getEnclosingElement()) {
            if (!accessible(t)) {
                diagnostics.error(position, Message.CLASS_INACCESSIBLE, t.getSimpleName(), gradClassName(), name,
                        advice(t));
            }
        }
        Map<String, VariableElement> fields = new LinkedHashMap<>();
        for (VariableElement field : ElementFilter.fieldsIn(type.getEnclosedElements())) {
            if (field.getModifiers().contains(Modifier.STATIC)) {
                continue;
            }
            fields.put(field.getSimpleName().toString(), field);
            if (!field.getModifiers().contains(Modifier.FINAL)) {
                diagnostics.error(position, Message.CLASS_FIELD_NOT_FINAL, name, field.getSimpleName());
            }
        }
        ClassTree classTree = trees.getTree(type);
        if (classTree != null) {
            for (Tree member : classTree.getMembers()) {
                if (member instanceof BlockTree block && !block.isStatic()) {
                    diagnostics.error(position, Message.CLASS_INITIALIZER, name);
                }
            }
        }
        List<VariableElement> order = rebuildingOrder(type, name, fields, position, diagnostics);
        List<Member> members = new ArrayList<>();
        for (VariableElement field : order) {
            String fieldName = field.getSimpleName().toString();
            String getter = getter(type, field).orElse(null);
            if (getter == null && !accessible(field)) {
                diagnostics.error(position, Message.CLASS_FIELD_NOT_READABLE, name, fieldName, gradClassName(),
                        field.asType(), GradNames.capitalize(fieldName));
            }
            members.add(new Member(fieldName, getter, field.asType()));
        }
        return members;
    }

    private String gradClassName() {
        return GradNames.gradClass(elements, userClass).simpleName();
    }

    /** Whether the generated class of the user's class (in the user's package) may use {@code element}. */
    private boolean accessible(Element element) {
        if (element.getModifiers().contains(Modifier.PUBLIC)) {
            return true;
        }
        return !element.getModifiers().contains(Modifier.PRIVATE)
                && elements.getPackageOf(element).equals(elements.getPackageOf(userClass));
    }

    private String advice(Element element) {
        return elements.getPackageOf(element).equals(elements.getPackageOf(userClass))
                ? "make it package-private" : "make it public";
    }

    /**
     * The fields in the order of the first constructor that rebuilds the class: one the generated
     * class may call that stores each parameter in a field of its type and does nothing else. With
     * none, each callable constructor's first flaw is reported.
     */
    private List<VariableElement> rebuildingOrder(TypeElement type, String name, Map<String, VariableElement> fields,
            SourcePosition position, Diagnostics diagnostics) {
        List<Flaw> flaws = new ArrayList<>();
        for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
            if (!accessible(constructor)) {
                continue;
            }
            Flaw flaw = new Flaw(constructor);
            List<VariableElement> order = storedFields(constructor, fields, flaw);
            if (flaw.message == null) {
                return order;
            }
            flaws.add(flaw);
        }
        if (flaws.isEmpty()) {
            diagnostics.error(position, Message.CLASS_NO_CONSTRUCTOR, name,
                    fields.values().stream().map(f -> f.asType() + " " + f.getSimpleName())
                            .collect(Collectors.joining(", ")));
        }
        for (Flaw flaw : flaws) {
            Object[] arguments = new Object[flaw.arguments.length + 2];
            arguments[0] = name;
            arguments[1] = flaw.constructor.getParameters().stream().map(p -> p.asType().toString())
                    .collect(Collectors.joining(", "));
            System.arraycopy(flaw.arguments, 0, arguments, 2, flaw.arguments.length);
            diagnostics.error(position, flaw.message, arguments);
        }
        return List.of();
    }

    /** The first reason a constructor cannot rebuild the class. */
    private static final class Flaw {
        final ExecutableElement constructor;
        Message message;
        Object[] arguments;

        Flaw(ExecutableElement constructor) {
            this.constructor = constructor;
        }

        void set(Message flawMessage, Object... flawArguments) {
            if (message == null) {
                message = flawMessage;
                arguments = flawArguments;
            }
        }
    }

    /** The field each parameter of {@code constructor} is stored in, in parameter order; or a flaw. */
    private List<VariableElement> storedFields(ExecutableElement constructor, Map<String, VariableElement> fields,
            Flaw flaw) {
        MethodTree method = trees.getTree(constructor);
        if (method == null || method.getBody() == null) {
            flaw.set(Message.CLASS_CONSTRUCTOR_STATEMENT, "nothing Adjoint can read");
            return List.of();
        }
        Map<String, Integer> parameterIndex = new HashMap<>();
        for (int i = 0; i < constructor.getParameters().size(); i++) {
            parameterIndex.put(constructor.getParameters().get(i).getSimpleName().toString(), i);
        }
        Map<Integer, VariableElement> stored = new HashMap<>();
        Map<String, Integer> setCount = new HashMap<>();
        for (StatementTree statement : method.getBody().getStatements()) {
            if (isPlainSuperCall(statement)) {
                continue;
            }
            Optional<AssignmentTree> assignment = fieldAssignment(statement);
            String field = assignment.flatMap(a -> assignedField(a.getVariable(), fields, parameterIndex)).orElse(null);
            if (field == null) {
                flaw.set(Message.CLASS_CONSTRUCTOR_STATEMENT, statement.toString().strip());
                continue;
            }
            setCount.merge(field, 1, Integer::sum);
            ExpressionTree value = unparenthesized(assignment.get().getExpression());
            Integer parameter = value instanceof IdentifierTree id ? parameterIndex.get(id.getName().toString()) : null;
            if (parameter == null) {
                flaw.set(Message.CLASS_FIELD_COMPUTED, field, value.toString());
                continue;
            }
            VariableElement target = fields.get(field);
            boolean sameType = constructor.getParameters().get(parameter).asType().toString()
                    .equals(target.asType().toString());
            if (stored.containsKey(parameter) || !sameType) {
                flaw.set(Message.CLASS_PARAMETER_UNSTORED, constructor.getParameters().get(parameter).getSimpleName());
                continue;
            }
            stored.put(parameter, target);
        }
        for (String field : fields.keySet()) {
            if (setCount.getOrDefault(field, 0) != 1) {
                flaw.set(Message.CLASS_FIELD_UNSET, field);
            }
        }
        for (int i = 0; i < constructor.getParameters().size(); i++) {
            if (!stored.containsKey(i)) {
                flaw.set(Message.CLASS_PARAMETER_UNSTORED, constructor.getParameters().get(i).getSimpleName());
            }
        }
        List<VariableElement> order = new ArrayList<>();
        for (int i = 0; i < constructor.getParameters().size(); i++) {
            order.add(stored.get(i));
        }
        return order;
    }

    /** {@code super();} as javac adds it (or as written), which sets nothing. */
    private static boolean isPlainSuperCall(StatementTree statement) {
        return statement instanceof ExpressionStatementTree expression
                && expression.getExpression() instanceof MethodInvocationTree call && call.getArguments().isEmpty()
                && call.getMethodSelect() instanceof IdentifierTree id && id.getName().contentEquals("super");
    }

    private static Optional<AssignmentTree> fieldAssignment(StatementTree statement) {
        return statement instanceof ExpressionStatementTree expression
                && expression.getExpression() instanceof AssignmentTree assignment
                ? Optional.of(assignment) : Optional.empty();
    }

    /** The field {@code this.mu} or {@code mu} names (not a parameter that hides it). */
    private static Optional<String> assignedField(ExpressionTree target, Map<String, VariableElement> fields,
            Map<String, Integer> parameters) {
        String name = null;
        if (target instanceof IdentifierTree id && !parameters.containsKey(id.getName().toString())) {
            name = id.getName().toString();
        } else if (target instanceof MemberSelectTree select && select.getExpression() instanceof IdentifierTree self
                && self.getName().contentEquals("this")) {
            name = select.getIdentifier().toString();
        }
        return Optional.ofNullable(name).filter(fields::containsKey);
    }

    private static ExpressionTree unparenthesized(ExpressionTree tree) {
        return tree instanceof ParenthesizedTree parenthesized ? unparenthesized(parenthesized.getExpression()) : tree;
    }

    /**
     * A getter of {@code field} the generated class may call, proved to return the field as it is:
     * {@code mu()} or {@code getMu()}, an instance method without parameters whose body is
     * {@code return mu;} or {@code return this.mu;}.
     */
    private Optional<String> getter(TypeElement type, VariableElement field) {
        String name = field.getSimpleName().toString();
        for (String candidate : List.of(name, "get" + GradNames.capitalize(name))) {
            for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
                if (method.getSimpleName().contentEquals(candidate) && method.getParameters().isEmpty()
                        && !method.getModifiers().contains(Modifier.STATIC) && accessible(method)
                        && method.getReturnType().toString().equals(field.asType().toString())
                        && returnsField(method, name)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private boolean returnsField(ExecutableElement method, String field) {
        MethodTree tree = trees.getTree(method);
        if (tree == null || tree.getBody() == null
                || tree.getBody().getStatements().size() != 1
                || !(tree.getBody().getStatements().get(0) instanceof ReturnTree returned)) {
            return false;
        }
        ExpressionTree value = unparenthesized(returned.getExpression());
        if (value instanceof IdentifierTree id) {
            return id.getName().contentEquals(field);
        }
        return value instanceof MemberSelectTree select && select.getIdentifier().contentEquals(field)
                && select.getExpression() instanceof IdentifierTree self && self.getName().contentEquals("this");
    }
}
