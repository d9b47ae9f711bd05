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

    public MethodReader(Trees trees, Elements elements, DerivativeOfRules rules) {
        this.trees = trees;
        this.elements = elements;
        this.rules = rules;
        this.lookups = new RoundLookups(elements);
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

    /** The method as IR, or empty when it has errors (all of them are in {@code diagnostics}). */
    public Optional<Function> read(ExecutableElement method, Diagnostics diagnostics) {
        TreePath methodPath = pathOf(method);
        SourcePosition methodPosition = TreePosition.of(methodPath);
        String name = method.getSimpleName().toString();
        if (methodPath == null || !(methodPath.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
            diagnostics.error(SourcePosition.NONE, Message.NO_SOURCE, name);
            return Optional.empty();
        }
        if (!method.getModifiers().contains(Modifier.STATIC)) {
            diagnostics.error(methodPosition, Message.NOT_STATIC, name);
        }
        if (!method.getTypeParameters().isEmpty()) {
            diagnostics.error(methodPosition, Message.GENERIC_METHOD, name);
        }
        if (method.isVarArgs()) {
            diagnostics.error(methodPosition, Message.VARARGS_METHOD, name);
        }
        Optional<Type> returnType = TypeMapping.of(method.getReturnType());
        if (returnType.isEmpty() || !(returnType.get() == Type.DOUBLE || returnType.get().equals(Type.DOUBLE_ARRAY))) {
            diagnostics.error(TreePosition.of(new TreePath(methodPath, tree.getReturnType())),
                    Message.NOT_DOUBLE_RETURN, name, method.getReturnType());
        }
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        for (TypeElement t = owner; t != null;
                t = t.getEnclosingElement() instanceof TypeElement outer ? outer : null) {
            if (t.getModifiers().contains(Modifier.PRIVATE)) {
                diagnostics.error(methodPosition, Message.PRIVATE_ENCLOSING_CLASS, name, t.getSimpleName(),
                        GradNames.gradClass(elements, owner).simpleName());
            }
        }
        List<Variable> parameters = new ArrayList<>();
        for (int i = 0; i < method.getParameters().size(); i++) {
            VariableElement parameter = method.getParameters().get(i);
            Optional<Type> type = TypeMapping.of(parameter.asType());
            if (type.isEmpty()) {
                diagnostics.error(TreePosition.of(new TreePath(methodPath, tree.getParameters().get(i))),
                        Message.UNSUPPORTED_PARAMETER_TYPE, parameter.getSimpleName(), parameter.asType());
            } else {
                parameters.add(new Variable(parameter.getSimpleName().toString(), type.get(), Variable.Origin.PARAMETER));
            }
        }
        boolean allParametersRead = parameters.size() == method.getParameters().size();
        List<Variable> differentiable = selectDifferentiable(method, methodPath, tree, parameters, diagnostics);
        if (allParametersRead && differentiable.isEmpty() && GradNames.wrt(method).isEmpty()) {
            diagnostics.error(methodPosition, Message.NO_DIFFERENTIABLE_PARAMETER, name);
        }
        int errorsBeforeBody = diagnostics.count();
        SymbolResolver symbols = new SymbolResolver(elements, owner, methodPath.getCompilationUnit(), rules, lookups);
        Type result = returnType.filter(Type.DOUBLE_ARRAY::equals).orElse(Type.DOUBLE);
        Stmt.Block body = new BodyReader(symbols, diagnostics, parameters, result)
                .readBody(new TreePath(methodPath, tree.getBody()));
        if (diagnostics.hasErrors() || errorsBeforeBody > 0) {
            return Optional.empty();
        }
        return Optional.of(new Function(name, parameters, differentiable, result, body));
    }

    /** Every double, double[] and double[][] parameter, or those {@code wrt} names, which it checks. */
    private List<Variable> selectDifferentiable(ExecutableElement method, TreePath methodPath, MethodTree tree,
            List<Variable> parameters, Diagnostics diagnostics) {
        List<String> wrt = GradNames.wrt(method);
        if (wrt.isEmpty()) {
            return parameters.stream().filter(p -> p.type().isDifferentiable()).toList();
        }
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
            } else if (!parameter.get().type().isDifferentiable()) {
                diagnostics.error(annotation, Message.WRT_NOT_DIFFERENTIABLE, name, parameter.get().type());
            }
        }
        return parameters.stream().filter(p -> wrt.contains(p.name()) && p.type().isDifferentiable()).toList();
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
