package dev.adjoint.processor.read;

import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/** The read stage's entry: checks an annotated method's signature and reads its body into the IR. */
public final class MethodReader {

    private final Trees trees;
    private final Elements elements;

    public MethodReader(Trees trees, Elements elements) {
        this.trees = trees;
        this.elements = elements;
    }

    /** The method as IR, or empty when it has errors (all of them are in {@code diagnostics}). */
    public Optional<Function> read(ExecutableElement method, Diagnostics diagnostics) {
        TreePath methodPath = trees.getPath(method);
        SourcePosition methodPosition = new SourcePosition(methodPath);
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
        if (returnType.isEmpty() || returnType.get() != Type.DOUBLE) {
            diagnostics.error(new SourcePosition(new TreePath(methodPath, tree.getReturnType())),
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
                diagnostics.error(new SourcePosition(new TreePath(methodPath, tree.getParameters().get(i))),
                        Message.UNSUPPORTED_PARAMETER_TYPE, parameter.getSimpleName(), parameter.asType());
            } else {
                parameters.add(new Variable(parameter.getSimpleName().toString(), type.get(), Variable.Origin.PARAMETER));
            }
        }
        boolean allParametersRead = parameters.size() == method.getParameters().size();
        if (allParametersRead && parameters.stream().noneMatch(p -> p.type().isDifferentiable())) {
            diagnostics.error(methodPosition, Message.NO_DIFFERENTIABLE_PARAMETER, name);
        }
        int errorsBeforeBody = diagnostics.count();
        SymbolResolver symbols = new SymbolResolver(elements, owner, methodPath.getCompilationUnit());
        Stmt.Block body = new BodyReader(symbols, diagnostics, parameters)
                .readBlock(new TreePath(methodPath, tree.getBody()));
        if (diagnostics.hasErrors() || errorsBeforeBody > 0) {
            return Optional.empty();
        }
        return Optional.of(new Function(name, List.copyOf(parameters), Type.DOUBLE, body));
    }
}
