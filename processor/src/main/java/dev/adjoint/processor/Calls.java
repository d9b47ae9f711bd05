package dev.adjoint.processor;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import java.util.List;
import java.util.function.Consumer;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/** How the methods of a round refer to each other: calls between them, and a key to match both ends. */
final class Calls {

    private Calls() {
    }

    static void forEachDifferentiable(Function function, Consumer<Expr.Call> action) {
        StatementWalker.expressions(function.body(), e -> {
            if (e instanceof Expr.Call call && call.target().differentiable()) {
                action.accept(call);
            }
        });
    }

    /** The same key for a method and for a call of it: class, name and parameter types. */
    static String key(Elements elements, ExecutableElement method) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        return GradNames.classType(elements, owner).qualifiedName() + "#" + method.getSimpleName()
                + method.getParameters().stream().map(p -> p.asType().toString()).toList();
    }

    static String key(CallTarget target) {
        // A method of a record takes the record as self in its generated methods only, not in its declaration.
        List<Type> declared = target.parameterTypes().subList(target.records().self() ? 1 : 0,
                target.parameterTypes().size());
        return target.owner().qualifiedName() + "#" + target.name() + declared.stream().map(Type::toString).toList();
    }
}
