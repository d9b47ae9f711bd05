package dev.adjoint.processor.read;

import static dev.adjoint.processor.read.ExpressionReader.ERROR;
import static dev.adjoint.processor.read.ExpressionReader.at;
import static dev.adjoint.processor.read.ExpressionReader.child;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;

/**
 * A statement that calls a static method for what it does, its result unused: an argument check
 * ({@code MathUtils.checkRangeInclusive(x, lo, hi);}, {@code MathUtils.checkNotNull(w);}). Both modes
 * make the same call, with the same values, where the method makes it, so it throws as the method
 * throws.
 *
 * <p>Adjoint cannot see what a compiled method does with an array, and one that wrote into it would
 * change values the derivatives read without them knowing ({@code java.lang.reflect.Array.setDouble(w,
 * 0, 1)} takes it as an {@code Object}). So an array may be passed only to a known null check
 * ({@code Objects.requireNonNull}, {@code MathUtils.checkNotNull}) or to a method compiled with this
 * one that provably only reads it ({@code checkEqualLength(double[] a, double[] b)}, see
 * {@link ReadOnlyArrayParameters}); scalars are passed by value and safe.
 */
final class EffectCallReader {

    private final SymbolResolver symbols;
    private final ReadOnlyArrayParameters readOnlyArrays;
    private final Diagnostics diagnostics;
    private final ExpressionReader expressions;

    EffectCallReader(SymbolResolver symbols, ReadOnlyArrayParameters readOnlyArrays, Diagnostics diagnostics,
                     ExpressionReader expressions) {
        this.symbols = symbols;
        this.readOnlyArrays = readOnlyArrays;
        this.diagnostics = diagnostics;
        this.expressions = expressions;
    }

    Optional<Stmt> read(TreePath path) {
        MethodInvocationTree tree = (MethodInvocationTree) path.getLeaf();
        List<Expr> arguments = new ArrayList<>();
        for (ExpressionTree argument : tree.getArguments()) {
            arguments.add(expressions.readExpression(child(path, argument)));
        }
        if (arguments.contains(ERROR)) {
            return Optional.empty();
        }
        Optional<CallReader.Callee> callee = expressions.callee(path, tree);
        if (callee.isEmpty()) {
            return Optional.empty();
        }
        String name = callee.get().name();
        List<ExecutableElement> candidates = callee.get().candidates();
        Optional<ExecutableElement> method = candidates.stream().filter(m -> takes(m, arguments)).findFirst();
        if (method.isEmpty()) {
            Optional<ExecutableElement> takingArrays = candidates.stream()
                    .filter(m -> m.getParameters().size() == arguments.size()).findFirst();
            if (takingArrays.isPresent() && arguments.stream().anyMatch(a -> a.type() instanceof Type.Array)) {
                return refuse(path, "passing an array to '" + name + "', which may write into it",
                        "Adjoint cannot see that a compiled method only reads an array it is given (as an array or as an"
                                + " Object); check in the caller, pass what it needs (w.length), or compile the check"
                                + " with your method");
            }
            diagnostics.error(at(path), Message.UNRESOLVED_METHOD, name, arguments.size());
            return Optional.empty();
        }
        ExecutableElement resolved = method.get();
        Optional<String> charAsNumber = ValueOnlyTypes.charPassedAsNumber(resolved,
                arguments.stream().map(Expr::type).toList());
        if (charAsNumber.isPresent()) {
            return refuse(path, charAsNumber.get(), ValueOnlyTypes.CHAR_ADVICE);
        }
        if (!resolved.getModifiers().contains(Modifier.STATIC)) {
            return refuse(path, "calling instance method '" + name + "'", "call static methods only");
        }
        if (resolved.getModifiers().contains(Modifier.PRIVATE)) {
            diagnostics.error(at(path), Message.INACCESSIBLE_METHOD, name);
            return Optional.empty();
        }
        TypeElement owner = (TypeElement) resolved.getEnclosingElement();
        return Optional.of(new Stmt.Evaluate(new Expr.InvokeStatic(symbols.classType(owner), name, arguments, Type.VOID)));
    }

    /**
     * Whether {@code method} takes these arguments: scalars, chars, Strings and enums as Java converts
     * them, arrays at parameters of their own type or as a reference ({@code Object}) of a method that
     * provably only reads them (see {@link ReadOnlyArrayParameters#readsOnly}).
     */
    private boolean takes(ExecutableElement method, List<Expr> arguments) {
        if (method.isVarArgs() || method.getParameters().size() != arguments.size()) {
            return false;
        }
        for (int i = 0; i < arguments.size(); i++) {
            TypeMirror declared = method.getParameters().get(i).asType();
            Type argument = arguments.get(i).type();
            if (argument instanceof Type.Array) {
                boolean sameType = TypeMapping.of(declared).filter(argument::equals).isPresent();
                if (!(sameType || ReadOnlyArrayParameters.isReference(declared))
                        || !readOnlyArrays.readsOnly(method, i)) {
                    return false;
                }
            } else {
                Optional<Type> parameter = TypeMapping.ofParameter(declared, symbols.elements());
                if (parameter.isEmpty() || !TypeMapping.widensInCall(argument, parameter.get())) {
                    return false;
                }
            }
        }
        return true;
    }

    private Optional<Stmt> refuse(TreePath path, String construct, String advice) {
        diagnostics.error(at(path), Message.UNSUPPORTED_STATEMENT, construct, advice);
        return Optional.empty();
    }
}
