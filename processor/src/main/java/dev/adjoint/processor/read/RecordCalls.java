package dev.adjoint.processor.read;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.util.TreePath;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.TreePosition;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.RecordParameters;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * Calls between differentiable code of records: a method of a record called on a record the body
 * reads ({@code g.logPdf(x)}, {@code this.logPdf(x)}, {@code logPdf(x)} in the record), and a record
 * passed whole to a {@code @Differentiable} method taking it ({@code predict(p, x)}). A record
 * argument is the record built from the leaves the caller read it into ({@code new Params(pW, pB)}),
 * so that the analyses see which leaves the call reads; the callee's generated methods take it as
 * their entry points take any record, the receiver first as {@code self}.
 */
final class RecordCalls {

    private final SymbolResolver symbols;
    private final Elements elements;
    private final Diagnostics diagnostics;
    private final RecordReads records;
    /** The shape of each record argument read, to describe the callee's parameter. */
    private final Map<Expr, RecordShape> shapes = new IdentityHashMap<>();
    /**
     * Gives a record a call returns ({@code polar(r, t)} passed whole or called on) a local of its own,
     * false when its error is reported: {@link CallResultReads#lower}.
     */
    private final Predicate<TreePath> callResults;

    RecordCalls(SymbolResolver symbols, Diagnostics diagnostics, RecordReads records, Predicate<TreePath> callResults) {
        this.symbols = symbols;
        this.elements = symbols.elements();
        this.diagnostics = diagnostics;
        this.records = records;
        this.callResults = callResults;
    }

    /**
     * A record passed whole ({@code p}, {@code this}, {@code m.input()}, {@code polar(r, t)}): the record
     * built from its leaves; {@link ExpressionReader#ERROR} when a call giving it has an error.
     */
    Optional<Expr> argument(TreePath path) {
        if (!callResults.test(path)) {
            return Optional.of(ExpressionReader.ERROR);
        }
        return records.resolve(path.getLeaf()).filter(found -> found.leaf() == null)
                .map(found -> built(found.record(), path));
    }

    private Expr built(RecordShape shape, TreePath path) {
        Expr record = shape.pack(leaf -> new Expr.Ref(leaf, TreePosition.of(path)));
        shapes.put(record, shape);
        return record;
    }

    /** Whether a call passes a record. */
    boolean passesRecord(List<Expr> arguments) {
        return arguments.stream().anyMatch(shapes::containsKey);
    }

    /**
     * A call of a method of a record on a record the body reads, or empty when {@code tree} calls
     * none (a static method, a method of a class).
     */
    Optional<Expr> methodCall(TreePath path, MethodInvocationTree tree, java.util.function.Function<TreePath, Expr> read) {
        Optional<Expr> receiver = Optional.empty();
        String name;
        ExpressionTree select = tree.getMethodSelect();
        if (select instanceof MemberSelectTree member) {
            name = member.getIdentifier().toString();
            receiver = argument(new TreePath(new TreePath(path, select), member.getExpression()));
        } else {
            name = ((IdentifierTree) select).getName().toString();
            Optional<RecordReads.Found> self = records.self();
            if (self.isPresent() && instanceMethods(self.get().record(), name).size() > 0) {
                receiver = Optional.of(built(self.get().record(), path));
            }
        }
        if (receiver.isEmpty()) {
            return Optional.empty();
        }
        List<Expr> arguments = new ArrayList<>();
        arguments.add(receiver.get());
        for (ExpressionTree argument : tree.getArguments()) {
            TreePath argumentPath = new TreePath(path, argument);
            arguments.add(argument(argumentPath).orElseGet(() -> read.apply(argumentPath)));
        }
        if (arguments.contains(ExpressionReader.ERROR)) {
            return Optional.of(ExpressionReader.ERROR);
        }
        RecordShape self = shapes.get(receiver.get());
        List<ExecutableElement> candidates = instanceMethods(self, name);
        return Optional.of(call(path, name, candidates, arguments, true));
    }

    /** A static call passing a record, resolved among {@code candidates}. */
    Expr staticCall(TreePath path, String name, List<ExecutableElement> candidates, List<Expr> arguments) {
        return call(path, name, candidates.stream().filter(m -> m.getModifiers().contains(Modifier.STATIC)).toList(),
                arguments, false);
    }

    private List<ExecutableElement> instanceMethods(RecordShape record, String name) {
        TypeElement type = elements.getTypeElement(record.type().qualifiedName());
        return type == null ? List.of() : symbols.methods(type, name).stream()
                .filter(m -> !m.getModifiers().contains(Modifier.STATIC)).toList();
    }

    private Expr call(TreePath path, String name, List<ExecutableElement> candidates, List<Expr> arguments,
            boolean onRecord) {
        List<Expr> declared = onRecord ? arguments.subList(1, arguments.size()) : arguments;
        List<Type> declaredTypes = declared.stream().map(Expr::type).toList();
        Optional<ExecutableElement> method = SymbolResolver.choose(candidates, declaredTypes, this::typeOf);
        if (method.isEmpty()) {
            return error(path, Message.UNRESOLVED_METHOD, name, declared.size());
        }
        ExecutableElement resolved = method.get();
        Optional<String> charAsNumber = ValueOnlyTypes.charPassedAsNumber(resolved, declaredTypes);
        if (charAsNumber.isPresent()) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, charAsNumber.get(), ValueOnlyTypes.CHAR_ADVICE);
        }
        if (!GradNames.isDifferentiable(resolved)) {
            return error(path, Message.RECORD_CALL_NOT_DIFFERENTIABLE, name);
        }
        if (resolved.getModifiers().contains(Modifier.PRIVATE)) {
            return error(path, Message.INACCESSIBLE_METHOD, name);
        }
        if (TypeMapping.of(resolved.getReturnType()).filter(Type.DOUBLE::equals).isEmpty()) {
            return error(path, Message.UNSUPPORTED_EXPRESSION, "using what '" + name + "' returns",
                    "a method taking a record is called for its double value");
        }
        return new Expr.Call(target(resolved, arguments, onRecord), List.copyOf(arguments), TreePosition.of(path));
    }

    private Optional<Type> typeOf(TypeMirror mirror) {
        Optional<Type> type = TypeMapping.ofParameter(mirror, elements);
        if (type.isPresent() || !RecordShapes.isValueClass(mirror)) {
            return type;
        }
        return Optional.of(symbols.classType((TypeElement) ((DeclaredType) mirror).asElement()));
    }

    /**
     * The callee as its generated methods take it: a method of a record with the record first as
     * {@code self}; each record parameter described by the shape of the argument passed to it (a
     * record of the same type, so with the same components).
     */
    private CallTarget target(ExecutableElement method, List<Expr> arguments, boolean onRecord) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        List<String> names = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        if (onRecord) {
            names.add(ReadParameters.SELF);
            types.add(symbols.classType(owner));
        }
        for (VariableElement parameter : method.getParameters()) {
            names.add(parameter.getSimpleName().toString());
            types.add(typeOf(parameter.asType()).orElseThrow());
        }
        List<String> wrt = GradNames.wrt(method);
        Map<Integer, RecordShape> recordShapes = new HashMap<>();
        List<Boolean> mask = new ArrayList<>();
        List<String> partials = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            RecordShape shape = shapes.get(arguments.get(i));
            boolean differentiable;
            if (shape != null) {
                recordShapes.put(i, shape);
                differentiable = shape.leaves().stream().map(Variable::type).anyMatch(Type::isDifferentiable);
            } else {
                differentiable = types.get(i).isDifferentiable();
            }
            differentiable &= wrt.isEmpty() || wrt.contains(names.get(i));
            mask.add(differentiable);
            if (differentiable) {
                partials.add(GradNames.partialName(names.get(i)));
            }
        }
        return new CallTarget(symbols.classType(owner), GradNames.gradClass(elements, owner),
                GradNames.gradientRecord(elements, method), method.getSimpleName().toString(), types, names, mask,
                Type.DOUBLE, true, partials, List.of(), new RecordParameters(onRecord, recordShapes));
    }

    private Expr error(TreePath path, Message message, Object... arguments) {
        diagnostics.error(TreePosition.of(path), message, arguments);
        return ExpressionReader.ERROR;
    }
}
