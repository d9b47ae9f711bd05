package dev.adjoint.processor.read;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.TreePosition;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.LibraryFunctions;
import dev.adjoint.processor.ir.PartialRule;
import dev.adjoint.processor.ir.RecordParameters;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;

/**
 * Objects of classes whose methods have derivatives: the library table's ({@link LibraryFunctions#knowsMethodsOf}:
 * the continuous distributions of Commons Math 3 and Hipparchus) or the user's {@code @DerivativeOf} rules
 * for a method of objects, which take the object first. Such an object is a value like an
 * enum constant: a parameter, a local, a static field or {@code new NormalDistribution(0, 1)}, never
 * differentiated. A call of one of its methods ({@code dist.cumulativeProbability(d1)}) is a call whose
 * first argument is the object: differentiated with respect to its other arguments by the table's
 * rules, or passed through unchanged when nothing it is given is differentiable ({@code dist.getMean()}).
 */
final class ObjectCalls {

    private final SymbolResolver symbols;
    private final Scope scope;
    private final Diagnostics diagnostics;

    ObjectCalls(SymbolResolver symbols, Scope scope, Diagnostics diagnostics) {
        this.symbols = symbols;
        this.scope = scope;
        this.diagnostics = diagnostics;
    }

    /** Whether the methods of objects of {@code type} have derivatives: the library table's, or the user's rules. */
    static boolean knowsMethodsOf(TypeElement type, DerivativeOfRules rules) {
        return LibraryFunctions.knowsMethodsOf(type.getQualifiedName().toString()) || rules.knowsMethodsOf(type);
    }

    /** Whether {@code type} is an object of a class whose methods are known. */
    private boolean isKnownObject(Type type) {
        if (!(type instanceof Type.Named named)) {
            return false;
        }
        TypeElement element = symbols.elements().getTypeElement(named.qualifiedName());
        return element != null && knowsMethodsOf(element, symbols.rules());
    }

    /** {@code new T(arguments)} of a class whose methods are known; an error for any other class. */
    Expr creation(TreePath path, NewClassTree tree, OperandReader read) {
        Optional<TypeElement> type = tree.getClassBody() == null && tree.getEnclosingExpression() == null
                ? symbols.findClass(tree.getIdentifier().toString()) : Optional.empty();
        Optional<Type.Named> named = type.map(symbols::classType).filter(this::isKnownObject);
        if (named.isEmpty()) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "object creation",
                    "a differentiable method computes with doubles; create objects in the caller (or use a "
                            + "distribution of Commons Math or Hipparchus, whose methods Adjoint knows)");
        }
        List<Expr> arguments = read.inOrder(tree.getArguments().stream().map(a -> new TreePath(path, a)).toList());
        return arguments.contains(ExpressionReader.ERROR) ? ExpressionReader.ERROR
                : new Expr.New(named.get(), arguments);
    }

    /**
     * {@code receiver.name(arguments)} where the receiver is an object of a known class; empty for
     * any other call (a static call, a record's method, or a call on an object this class does not read).
     */
    Optional<Expr> call(TreePath path, MethodInvocationTree tree, OperandReader read) {
        if (!(tree.getMethodSelect() instanceof MemberSelectTree member) || !isKnownObject(member.getExpression())) {
            return Optional.empty();
        }
        TreePath receiverPath = new TreePath(new TreePath(path, member), member.getExpression());
        List<TreePath> operands = new ArrayList<>();
        operands.add(receiverPath);
        tree.getArguments().forEach(argument -> operands.add(new TreePath(path, argument)));
        List<Expr> arguments = read.inOrder(operands);
        if (arguments.contains(ExpressionReader.ERROR)) {
            return Optional.of(ExpressionReader.ERROR);
        }
        Expr receiver = arguments.get(0);
        if (!isKnownObject(receiver.type())) {
            return Optional.of(error(path, Message.UNSUPPORTED_EXPRESSION, "calling a method on " + receiver.type(),
                    "Adjoint knows the methods of distributions and of classes with @DerivativeOf rules"));
        }
        String name = member.getIdentifier().toString();
        Type.Named owner = (Type.Named) receiver.type();
        TypeElement ownerElement = symbols.elements().getTypeElement(owner.qualifiedName());
        List<ExecutableElement> methods = symbols.methods(ownerElement, name).stream()
                .filter(m -> !m.getModifiers().contains(Modifier.STATIC) && m.getModifiers().contains(Modifier.PUBLIC))
                .toList();
        List<Type> argumentTypes = arguments.subList(1, arguments.size()).stream().map(Expr::type).toList();
        Optional<ExecutableElement> method = symbols.choose(methods, argumentTypes);
        if (method.isEmpty()) {
            return Optional.of(error(path, Message.UNRESOLVED_METHOD, name, argumentTypes.size()));
        }
        Optional<Type> result = TypeMapping.of(method.get().getReturnType());
        if (result.isEmpty() || result.get() instanceof Type.Array) {
            return Optional.of(error(path, Message.UNSUPPORTED_TYPE, method.get().getReturnType()));
        }
        return Optional.of(new Expr.Call(target(owner, method.get(), result.get()), List.copyOf(arguments),
                TreePosition.of(path)));
    }

    /** The method as a call target taking its receiver first, with the table's rules when it has some. */
    private CallTarget target(Type.Named owner, ExecutableElement method, Type result) {
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        types.add(owner);
        names.add("this");
        List<String> declared = new ArrayList<>();
        method.getParameters().forEach(p -> {
            types.add(TypeMapping.of(p.asType()).orElseThrow());
            names.add(p.getSimpleName().toString());
            declared.add(p.asType().toString());
        });
        String name = method.getSimpleName().toString();
        List<PartialRule> rules = symbols.rules().ofMethod(method)
                .or(() -> LibraryFunctions.methodRules(owner.qualifiedName(), name, declared)).orElse(List.of());
        return new CallTarget(owner, owner, null, name, types, names, Collections.nCopies(types.size(), false), result,
                false, List.of(), rules, new RecordParameters(true, Map.of()));
    }

    /**
     * Whether a call's qualifier is an object of a class whose methods are known: a variable, a
     * static field, or an object made there. Decided from declarations before anything is read, so a
     * call on any other object keeps its own error.
     */
    private boolean isKnownObject(ExpressionTree qualifier) {
        Optional<TypeElement> type = Optional.empty();
        if (qualifier instanceof NewClassTree creation && creation.getClassBody() == null) {
            type = symbols.findClass(creation.getIdentifier().toString());
        } else if (qualifier instanceof IdentifierTree identifier) {
            String name = identifier.getName().toString();
            Optional<Variable> local = scope.lookup(name);
            if (local.isPresent()) {
                return isKnownObject(local.get().type());
            }
            type = symbols.unqualifiedField(name).flatMap(ObjectCalls::classOf);
        } else if (qualifier instanceof MemberSelectTree select) {
            type = symbols.findClass(select.getExpression().toString())
                    .flatMap(owner -> symbols.staticField(owner, select.getIdentifier().toString()))
                    .flatMap(ObjectCalls::classOf);
        }
        return type.map(t -> isKnownObject(symbols.classType(t))).orElse(false);
    }

    private static Optional<TypeElement> classOf(VariableElement field) {
        return field.asType() instanceof DeclaredType declared && declared.asElement() instanceof TypeElement type
                ? Optional.of(type) : Optional.empty();
    }

    /**
     * Reads operands Java evaluates left to right (a receiver, then the arguments), so that an
     * assignment in a later one does not change what an earlier one read.
     */
    interface OperandReader {
        List<Expr> inOrder(List<TreePath> operands);
    }

    private Expr error(TreePath path, Message message, Object... arguments) {
        diagnostics.error(TreePosition.of(path), message, arguments);
        return ExpressionReader.ERROR;
    }
}
