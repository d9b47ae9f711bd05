package dev.adjoint.processor.read;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.diagnostics.TreePosition;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/** The read stage's entry: checks an annotated method's signature and reads its body into the IR. */
public final class MethodReader {

    private final Trees trees;
    private final Elements elements;
    private final DerivativeOfRules rules;
    /** Name lookups, shared by every method read this round. */
    private final RoundLookups lookups;
    /** The trees of each class's methods, found in one walk of the class instead of one search per method. */
    private final Map<Element, Map<Element, TreePath>> methodPaths = new HashMap<>();
    /** Proofs that argument checks of this compilation only read the arrays they are given, shared by the round. */
    private final ReadOnlyArrayParameters readOnlyArrays;
    private final Map<TypeElement, PrivateMembers> privateMembers = new HashMap<>();

    public MethodReader(Trees trees, Elements elements, DerivativeOfRules rules) {
        this.trees = trees;
        this.elements = elements;
        this.rules = rules;
        this.lookups = new RoundLookups(elements);
        this.readOnlyArrays = new ReadOnlyArrayParameters(trees,
                (type, unit) -> new SymbolResolver(elements, type, unit, rules, lookups, privateMembers(type)));
    }

    /**
     * The tree of {@code method}. {@code Trees.getPath(element)} searches the whole file for it, which
     * for a class of many methods made reading them quadratic in the class's size.
     */
    private TreePath pathOf(ExecutableElement method) {
        TreePath found = methodPaths.computeIfAbsent(method.getEnclosingElement(), this::methodTrees).get(method);
        return found != null ? found : trees.getPath(method);
    }

    private Map<Element, TreePath> methodTrees(Element owner) {
        Map<Element, TreePath> paths = new HashMap<>();
        TreePath classPath = trees.getPath(owner);
        if (classPath != null && classPath.getLeaf() instanceof ClassTree classTree) {
            for (Tree member : classTree.getMembers()) {
                if (member instanceof MethodTree) {
                    TreePath path = new TreePath(classPath, member);
                    Element element = trees.getElement(path);
                    if (element != null) {
                        paths.put(element, path);
                    }
                }
            }
        }
        return paths;
    }

    /**
     * The copies of private members that the generated class of {@code owner} (the class of the
     * {@code @Differentiable} methods) needs: one for the class, shared by its methods.
     */
    public PrivateMembers privateMembers(TypeElement owner) {
        return privateMembers.computeIfAbsent(owner, o -> {
            PrivateMembers[] members = {null};
            members[0] = new PrivateMembers(trees, elements, GradNames.gradClass(elements, o),
                    member -> resolver(member, members[0]));
            return members[0];
        });
    }

    private SymbolResolver resolver(TypeElement owner, PrivateMembers members) {
        return new SymbolResolver(elements, owner, trees.getPath(owner).getCompilationUnit(), rules, lookups, members);
    }

    /** The method as IR, or empty when it has errors (all of them are in {@code diagnostics}). */
    public Optional<Function> read(ExecutableElement method, Diagnostics diagnostics) {
        return read(method, method.getSimpleName().toString(), privateMembers((TypeElement) method.getEnclosingElement()),
                false, diagnostics);
    }

    /**
     * A private static helper that differentiable code of {@code members}' class calls, read as if it were
     * {@code @Differentiable} (every double parameter differentiable) under the name of its copy; it may
     * return an int, a long or a boolean too, whose value alone is copied.
     */
    public Optional<Function> readHelper(ExecutableElement helper, PrivateMembers members, Diagnostics diagnostics) {
        return read(helper, members.helperName(helper), members, true, diagnostics);
    }

    private Optional<Function> read(ExecutableElement method, String functionName, PrivateMembers members,
            boolean helper, Diagnostics diagnostics) {
        String name = method.getSimpleName().toString();
        TreePath methodPath = pathOf(method);
        SourcePosition methodPosition = TreePosition.of(methodPath);
        if (methodPath == null || !(methodPath.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
            diagnostics.error(SourcePosition.NONE, Message.NO_SOURCE, name);
            return Optional.empty();
        }
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        // A method of a record, or of a final class checked as record-like when its shape is read.
        boolean ofRecord = !method.getModifiers().contains(Modifier.STATIC) && (owner.getKind() == ElementKind.RECORD
                || owner.getKind() == ElementKind.CLASS && owner.getModifiers().contains(Modifier.FINAL));
        if (!method.getModifiers().contains(Modifier.STATIC) && !ofRecord) {
            diagnostics.error(methodPosition, Message.NOT_STATIC, name);
        }
        if (!method.getTypeParameters().isEmpty()) {
            diagnostics.error(methodPosition, Message.GENERIC_METHOD, name);
        }
        if (method.isVarArgs()) {
            diagnostics.error(methodPosition, Message.VARARGS_METHOD, name);
        }
        Optional<Type> returnType = TypeMapping.of(method.getReturnType());
        boolean valueOnly = helper && returnType.isPresent() && !(returnType.get() instanceof Type.Array);
        RecordShapes shapes = new RecordShapes(trees, elements, owner);
        SourcePosition returnPosition = TreePosition.of(new TreePath(methodPath, tree.getReturnType()));
        Optional<TypeElement> returnedRecord = helper ? Optional.empty() : RecordShapes.recordOf(method.getReturnType());
        RecordShape resultRecord = null;
        if (returnedRecord.isPresent()) {
            resultRecord = ReturnedRecords.shapeOf(shapes, returnedRecord.get(), name, returnPosition, diagnostics);
            returnType = Optional.of(Type.DOUBLE_ARRAY);
        } else if (returnType.isEmpty()
                || !valueOnly && !(returnType.get() == Type.DOUBLE || returnType.get().equals(Type.DOUBLE_ARRAY))) {
            diagnostics.error(returnPosition, Message.NOT_DOUBLE_RETURN, name, method.getReturnType());
        }
        for (TypeElement t = owner; t != null && !helper;
                t = t.getEnclosingElement() instanceof TypeElement outer ? outer : null) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                diagnostics.error(methodPosition, Message.PRIVATE_ENCLOSING_CLASS, name, t.getSimpleName(),
                        GradNames.gradClass(elements, owner).simpleName());
            }
        }
        ReadParameters read = new ReadParameters(shapes, elements, rules);
        if (ofRecord) {
            read.addSelf(owner, methodPosition, diagnostics);
        }
        for (int i = 0; i < method.getParameters().size(); i++) {
            VariableElement parameter = method.getParameters().get(i);
            SourcePosition position = TreePosition.of(new TreePath(methodPath, tree.getParameters().get(i)));
            if (ofRecord && parameter.getSimpleName().contentEquals(ReadParameters.SELF)) {
                diagnostics.error(position, Message.RECORD_SELF_NAME, name);
            }
            read.add(parameter, position, diagnostics);
        }
        List<Variable> parameters = read.parameters();
        boolean allParametersRead = read.complete();
        List<Variable> differentiable = helper ? parameters.stream().filter(p -> p.type().isDifferentiable()).toList()
                : selectDifferentiable(method, methodPath, tree, read, diagnostics);
        if (!helper && allParametersRead && differentiable.isEmpty() && GradNames.wrt(method).isEmpty()) {
            diagnostics.error(methodPosition, Message.NO_DIFFERENTIABLE_PARAMETER, name);
        }
        if (returnedRecord.isPresent() && resultRecord == null) {
            return Optional.empty(); // its returns cannot be read without the record's shape, reported on the return type
        }
        int errorsBeforeBody = diagnostics.count();
        SymbolResolver symbols = new SymbolResolver(elements, owner, methodPath.getCompilationUnit(), rules, lookups,
                members);
        Type result = valueOnly ? returnType.get() : returnType.filter(Type.DOUBLE_ARRAY::equals).orElse(Type.DOUBLE);
        BodyReader bodyReader = new BodyReader(symbols, readOnlyArrays, diagnostics, read.visible(), result);
        if (resultRecord != null) {
            bodyReader.returnsRecord(resultRecord);
        }
        read.visibleRecords().forEach(bodyReader::declareRecord);
        read.refused().forEach(bodyReader::declareRefused);
        Stmt.Block body = bodyReader.readBody(new TreePath(methodPath, tree.getBody()));
        if (diagnostics.hasErrors() || errorsBeforeBody > 0) {
            return Optional.empty();
        }
        return Optional.of(new Function(functionName, parameters, differentiable, result, body, read.signature(),
                read.records(), resultRecord));
    }

    /**
     * Every double, double[] and double[][] parameter (a record's such components too), or those
     * {@code wrt} names, which it checks.
     */
    private List<Variable> selectDifferentiable(ExecutableElement method, TreePath methodPath, MethodTree tree,
            ReadParameters read, Diagnostics diagnostics) {
        List<String> wrt = GradNames.wrt(method);
        if (wrt.isEmpty()) {
            return read.parameters().stream().filter(p -> p.type().isDifferentiable()).toList();
        }
        List<Variable> parameters = read.signature();
        SourcePosition annotation = annotationPosition(methodPath, tree);
        Set<String> seen = new HashSet<>();
        for (String name : wrt) {
            Optional<Variable> parameter = parameters.stream().filter(p -> p.name().equals(name)).findFirst();
            if (!seen.add(name)) {
                diagnostics.error(annotation, Message.WRT_DUPLICATE, name);
            } else if (parameter.isEmpty()) {
                boolean declared = method.getParameters().stream().anyMatch(p -> p.getSimpleName().contentEquals(name));
                if (!declared) {
                    diagnostics.error(annotation, Message.WRT_UNKNOWN, name, method.getSimpleName());
                }
            } else if (read.differentiableLeaves(parameter.get()).isEmpty()) {
                diagnostics.error(annotation, Message.WRT_NOT_DIFFERENTIABLE, name, parameter.get().type());
            }
        }
        return parameters.stream().filter(p -> wrt.contains(p.name()))
                .flatMap(p -> read.differentiableLeaves(p).stream()).toList();
    }

    /**
     * The {@code @Differentiable} annotation's tree, where wrt errors belong: the annotation whose type
     * is {@code dev.adjoint.Differentiable}, not one that merely has a similar name.
     */
    private SourcePosition annotationPosition(TreePath methodPath, MethodTree tree) {
        TreePath modifiers = new TreePath(methodPath, tree.getModifiers());
        for (AnnotationTree annotation : tree.getModifiers().getAnnotations()) {
            TreePath annotationPath = new TreePath(modifiers, annotation);
            Element type = trees.getElement(new TreePath(annotationPath, annotation.getAnnotationType()));
            if (type instanceof TypeElement named && named.getQualifiedName().contentEquals(GradNames.DIFFERENTIABLE)) {
                return TreePosition.of(annotationPath);
            }
        }
        return TreePosition.of(methodPath);
    }
}
