package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;
import static dev.adjoint.processor.read.ExpressionReader.isNull;

import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MathFunction;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Reads the static calls of an expression for {@link ExpressionReader}: resolves what a call names,
 * reads its arguments in Java's order and checks the method it means. Calls on records and on objects
 * are read by {@link RecordCalls} and {@link ObjectCalls}.
 */
final class CallReader {

    private final ExpressionReader expressions;
    private final SymbolResolver symbols;
    private final Diagnostics diagnostics;
    private final Scope scope;
    private final RecordCalls recordCalls;
    private final ObjectCalls objectCalls;
    /**
     * Whether the call being read may return an array or a record of doubles: it is a local's initializer
     * (a local array's, or a local record's).
     */
    private boolean vectorCallAllowed;

    CallReader(ExpressionReader expressions, SymbolResolver symbols, Diagnostics diagnostics, Scope scope,
               RecordCalls recordCalls, ObjectCalls objectCalls) {
        this.expressions = expressions;
        this.symbols = symbols;
        this.diagnostics = diagnostics;
        this.scope = scope;
        this.recordCalls = recordCalls;
        this.objectCalls = objectCalls;
    }

    /**
     * A local array's initializer: as {@link ExpressionReader#readExpression}, and a call of a {@code @Differentiable}
     * method returning {@code double[]} ({@code double[] p = polar(r, t);}) is read too, as the array's
     * value, and so is a call of one returning a record of doubles ({@code Point p = polar(r, t);}, see
     * {@link RecordResultLocals}); anywhere else such calls are errors.
     */
    Expr readArrayInitializer(TreePath path) {
        if (path.getLeaf().getKind() != Tree.Kind.METHOD_INVOCATION) {
            return expressions.readExpression(path);
        }
        vectorCallAllowed = true;
        try {
            return expressions.readExpression(path);
        } finally {
            vectorCallAllowed = false;
        }
    }

    Expr readCall(TreePath path, MethodInvocationTree tree) {
        boolean vectorCallHere = vectorCallAllowed;
        vectorCallAllowed = false; // for this call only, not for the calls in its arguments
        Optional<Expr> onRecord = recordCalls.methodCall(path, tree, expressions::readExpression);
        if (onRecord.isPresent()) {
            return onRecord.get();
        }
        Optional<Expr> onObject = objectCalls.call(path, tree,
                operands -> expressions.inOrder(operands, expressions::readExpression));
        if (onObject.isPresent()) {
            return onObject.get();
        }
        List<Expr> read = expressions.readInOrder(path, tree.getArguments(), argumentPath -> isNull(argumentPath)
                ? NullArguments.untyped(at(argumentPath))
                : recordCalls.argument(argumentPath).orElseGet(() -> expressions.readExpression(argumentPath)));
        if (read.contains(ERROR)) {
            return ERROR;
        }
        vectorCallAllowed = vectorCallHere;
        Optional<Callee> callee = callee(path, tree);
        if (callee.isEmpty()) {
            return ERROR;
        }
        String name = callee.get().name();
        List<ExecutableElement> candidates = callee.get().candidates();
        Optional<List<Expr>> typed = NullArguments.typed(name, candidates, read, diagnostics);
        if (typed.isEmpty()) {
            return ERROR;
        }
        List<Expr> arguments = typed.get();
        List<Type> argumentTypes = arguments.stream().map(Expr::type).toList();
        String owner = callee.get().owner();
        if (recordCalls.passesRecord(arguments)) {
            return recordCalls.staticCall(path, name, candidates, arguments);
        }
        if (argumentTypes.contains(Type.FLOAT)
                && candidates.stream().anyMatch(m -> TypeMapping.takesFloatArguments(m, argumentTypes))) {
            return expressions.error(path, Message.UNSUPPORTED_EXPRESSION, "a call of '" + name + "' that Java resolves to its float version",
                    "a @Differentiable method computes with float values but calls only methods on double; widen an argument: (double) f");
        }
        if (MathFunction.OWNERS.contains(owner)) {
            String ownerSimple = owner.substring(owner.lastIndexOf('.') + 1);
            if (name.equals("random")) {
                return expressions.error(path, Message.NONDETERMINISTIC_CALL, ownerSimple + ".random()");
            }
            boolean onDoubles = argumentTypes.contains(Type.DOUBLE);
            boolean declared = candidates.stream().anyMatch(m -> m.getParameters().size() == arguments.size());
            Optional<MathFunction> function = MathFunction.find(name, arguments.size());
            if (function.isPresent() && onDoubles && declared) {
                Type.Named ownerType = Type.Named.of(owner.substring(0, owner.lastIndexOf('.')), ownerSimple);
                return new Expr.MathCall(ownerType, function.get(), List.copyOf(arguments), at(path));
            }
        }
        Optional<ExecutableElement> method = symbols.choose(candidates, argumentTypes);
        if (method.isEmpty()) {
            boolean exists = !candidates.isEmpty();
            if (exists && candidates.stream().noneMatch(m -> m.getParameters().size() == arguments.size())) {
                return expressions.error(path, Message.UNRESOLVED_METHOD, name, arguments.size());
            }
            if (symbols.isAmbiguous(candidates, argumentTypes)) {
                return expressions.error(path, Message.UNSUPPORTED_EXPRESSION, "an ambiguous call of '" + name + "'",
                        "no one of its methods is more specific for these arguments; cast an argument");
            }
            if (exists) {
                return expressions.error(path, Message.UNSUPPORTED_EXPRESSION, "a call of '" + name + "' with these argument types",
                        "its parameters must be double, int, long, boolean, arrays of them, char, String or enums");
            }
            return expressions.error(path, Message.UNRESOLVED_METHOD, name, arguments.size());
        }
        ExecutableElement resolved = method.get();
        Optional<String> charAsNumber = ValueOnlyTypes.charPassedAsNumber(resolved, argumentTypes);
        if (charAsNumber.isPresent()) {
            return expressions.error(path, Message.UNSUPPORTED_EXPRESSION, charAsNumber.get(), ValueOnlyTypes.CHAR_ADVICE);
        }
        if (!resolved.getModifiers().contains(Modifier.STATIC)) {
            return expressions.error(path, Message.UNSUPPORTED_EXPRESSION, "calling instance method '" + name + "'",
                    "call static methods only");
        }
        Optional<Type> resultType = TypeMapping.of(resolved.getReturnType());
        if (resultType.isEmpty() && ValueOnlyTypes.of(resolved.getReturnType(), symbols.elements(), symbols.rules()).isPresent()) {
            return expressions.error(path, Message.UNSUPPORTED_EXPRESSION,
                    "calling '" + name + "' (it returns a " + resolved.getReturnType() + ")",
                    "char, String and enum values come from parameters, literals and constants; compute it in the caller");
        }
        Optional<TypeElement> returnedRecord = RecordShapes.recordOf(resolved.getReturnType());
        if (resultType.isEmpty() && returnedRecord.isPresent()) {
            return recordResultCall(path, name, resolved, returnedRecord.get(), arguments);
        }
        if (resultType.isEmpty()) {
            return expressions.error(path, Message.UNSUPPORTED_TYPE, resolved.getReturnType());
        }
        if (resultType.get() instanceof Type.Array) {
            boolean vectorCall = vectorCallAllowed && GradNames.isDifferentiable(resolved)
                    && resultType.get().equals(Type.DOUBLE_ARRAY) && !resolved.getModifiers().contains(Modifier.PRIVATE);
            if (!vectorCall) {
                return expressions.error(path, Message.UNSUPPORTED_EXPRESSION, "using the array '" + name + "' returns",
                        "declare a local array with it (double[] p = " + name + "(...);) when '" + name
                                + "' is @Differentiable, or write the loop here");
            }
            return new Expr.Call(symbols.target(resolved), List.copyOf(arguments), at(path));
        }
        if (resolved.getModifiers().contains(Modifier.PRIVATE)) {
            return symbols.privateMembers().helperCall(resolved, arguments, at(path));
        }
        return new Expr.Call(symbols.target(resolved), List.copyOf(arguments), at(path));
    }

    /**
     * A call of a method returning a record, read where a local array's initializer may be a vector call:
     * the call of a {@code @Differentiable} method giving the record's leaves as a {@code double[]}
     * ({@link RecordResultLocals}); anywhere else an error.
     */
    private Expr recordResultCall(TreePath path, String name, ExecutableElement resolved, TypeElement record,
            List<Expr> arguments) {
        if (!vectorCallAllowed || !GradNames.isDifferentiable(resolved) || resolved.getModifiers().contains(Modifier.PRIVATE)) {
            return expressions.error(path, Message.RECORD_RESULT_CALL, name, record.getSimpleName());
        }
        Optional<RecordShape> shape = RecordResultLocals.shapeOf(record, name, symbols, at(path), diagnostics);
        if (shape.isEmpty()) {
            return ERROR;
        }
        return new Expr.Call(symbols.target(resolved, shape.get()), List.copyOf(arguments), at(path));
    }

    /**
     * What a call names: the method's name, its class (qualified; empty when nothing of that name is
     * in scope) and the methods it may mean. Empty, with the error reported, for a call on an object.
     */
    record Callee(String name, String owner, List<ExecutableElement> candidates) {
    }

    Optional<Callee> callee(TreePath path, MethodInvocationTree tree) {
        if (tree.getMethodSelect() instanceof MemberSelectTree member) {
            String name = member.getIdentifier().toString();
            String qualifier = member.getExpression().toString();
            if (scope.refused(qualifier)) {
                return Optional.empty(); // a parameter whose type is the error, reported on the parameter
            }
            Optional<TypeElement> owner = scope.lookup(qualifier).isPresent() ? Optional.empty() : symbols.findClass(qualifier);
            if (owner.isEmpty() && member.getExpression() instanceof MethodInvocationTree inner) {
                Optional<TypeElement> record = returnedRecord(inner);
                if (record.isPresent()) { // polar(r, t).x()
                    expressions.error(child(child(path, member), inner), Message.RECORD_RESULT_CALL, calledName(inner),
                            record.get().getSimpleName());
                    return Optional.empty();
                }
            }
            if (owner.isEmpty()) {
                expressions.error(path, Message.UNSUPPORTED_EXPRESSION, "calling a method on an object (" + tree + ")",
                        "call static methods only");
                return Optional.empty();
            }
            return Optional.of(new Callee(name, owner.get().getQualifiedName().toString(),
                    symbols.methods(owner.get(), name)));
        }
        String name = ((IdentifierTree) tree.getMethodSelect()).getName().toString();
        List<ExecutableElement> candidates = symbols.unqualifiedMethods(name);
        String owner = candidates.isEmpty() ? ""
                : ((TypeElement) candidates.get(0).getEnclosingElement()).getQualifiedName().toString();
        return Optional.of(new Callee(name, owner, candidates));
    }

    /**
     * The record every method a call {@code f(..)} or {@code C.f(..)} may mean returns, or empty: found
     * from its name alone, reporting nothing, for the error on a component read of its result.
     */
    Optional<TypeElement> returnedRecord(MethodInvocationTree call) {
        List<ExecutableElement> candidates;
        if (call.getMethodSelect() instanceof IdentifierTree identifier) {
            candidates = symbols.unqualifiedMethods(identifier.getName().toString());
        } else if (call.getMethodSelect() instanceof MemberSelectTree member
                && !(member.getExpression() instanceof MethodInvocationTree)
                && scope.lookup(member.getExpression().toString()).isEmpty()) {
            candidates = symbols.findClass(member.getExpression().toString())
                    .map(c -> symbols.methods(c, member.getIdentifier().toString())).orElse(List.of());
        } else {
            return Optional.empty();
        }
        List<Optional<TypeElement>> records = candidates.stream()
                .map(m -> RecordShapes.recordOf(m.getReturnType())).toList();
        return records.isEmpty() || records.stream().anyMatch(Optional::isEmpty) ? Optional.empty() : records.get(0);
    }

    private static String calledName(MethodInvocationTree call) {
        return call.getMethodSelect() instanceof MemberSelectTree member ? member.getIdentifier().toString()
                : call.getMethodSelect().toString();
    }
}
