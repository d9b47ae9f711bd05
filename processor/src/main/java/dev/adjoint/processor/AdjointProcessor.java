package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.emit.BytecodeEstimate;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.forward.ForwardTransform;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import dev.adjoint.processor.read.DerivativeRules;
import dev.adjoint.processor.read.MethodReader;
import dev.adjoint.processor.reverse.ReverseTransform;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Generates a {@code *Grad} class for every class with {@code @Differentiable} methods. Each method
 * goes through the stages on its own (read, analyze, forward and reverse transforms), so an error
 * in one method never stops the others, and nothing thrown inside reaches javac: an internal
 * failure becomes an error on the method being processed.
 */
@AutoService(Processor.class)
public final class AdjointProcessor extends AbstractProcessor {

    private static final String GENERATED = "javax.annotation.processing.Generated";

    private Trees trees;
    private DerivativeRules rules;
    private MethodReader reader;

    /** One method's journey through the stages. */
    private static final class MethodResult {
        final ExecutableElement element;
        final Diagnostics diagnostics = new Diagnostics();
        Function function;
        Activity activity;
        GradClassWriter.Derivatives derivatives;

        MethodResult(ExecutableElement element) {
            this.element = element;
        }

        boolean succeeded() {
            return derivatives != null && !diagnostics.hasErrors();
        }
    }

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        ProcessingEnvironment javac = EnvironmentUnwrapper.javacEnvironment(environment);
        try {
            trees = Trees.instance(javac != null ? javac : environment);
        } catch (IllegalArgumentException e) {
            environment.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.UNWRAP_FAILED.format(environment.getClass().getName()));
        }
    }

    /**
     * {@code @Generated} too: the generated classes carry it, and claiming it keeps
     * {@code -Xlint:all -Werror} builds free of "no processor claimed" warnings.
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(GradNames.DIFFERENTIABLE, DerivativeRules.DERIVATIVE_OF, GENERATED);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        TypeElement annotation = processingEnv.getElementUtils().getTypeElement(GradNames.DIFFERENTIABLE);
        if (trees == null || annotation == null) {
            return true;
        }
        rules = collectRules(round);
        reader = new MethodReader(trees, processingEnv.getElementUtils(), rules);
        Map<TypeElement, List<MethodResult>> byClass = new LinkedHashMap<>();
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
            if (element instanceof ExecutableElement method && method.getEnclosingElement() instanceof TypeElement owner) {
                MethodResult result = new MethodResult(method);
                differentiate(result);
                byClass.computeIfAbsent(owner, k -> new ArrayList<>()).add(result);
            }
        }
        List<MethodResult> all = byClass.values().stream().flatMap(List::stream).toList();
        rejectCallsOfFailedMethods(all);
        addSecondOrder(all);
        for (MethodResult result : all) {
            result.diagnostics.report(trees, processingEnv.getMessager(), result.element);
        }
        byClass.forEach(this::writeGradClass);
        return true;
    }

    /** The round's @DerivativeOf rules; their own errors are reported here, on the rules. */
    private DerivativeRules collectRules(RoundEnvironment round) {
        var elements = processingEnv.getElementUtils();
        TypeElement derivativeOf = elements.getTypeElement(DerivativeRules.DERIVATIVE_OF);
        if (derivativeOf == null) {
            return DerivativeRules.none(elements);
        }
        var ruleMethods = round.getElementsAnnotatedWith(derivativeOf);
        Diagnostics diagnostics = new Diagnostics();
        DerivativeRules collected;
        try {
            collected = DerivativeRules.collect(elements, trees, ruleMethods, diagnostics);
        } catch (RuntimeException e) {
            diagnostics.error(SourcePosition.NONE, Message.INTERNAL_ERROR, "@DerivativeOf rules", e.toString());
            collected = DerivativeRules.none(elements);
        }
        if (!ruleMethods.isEmpty()) {
            diagnostics.report(trees, processingEnv.getMessager(), ruleMethods.iterator().next());
        }
        return collected;
    }

    private void differentiate(MethodResult result) {
        String name = result.element.getSimpleName().toString();
        try {
            MethodReader reader = this.reader;
            result.function = reader.read(result.element, result.diagnostics).orElse(null);
            if (result.function == null) {
                return;
            }
            Activity activity = Activity.of(result.function, result.diagnostics);
            checkGeneratedCallees(result);
            if (result.diagnostics.hasErrors()) {
                return;
            }
            boolean vectorValued = result.function.returnType() instanceof Type.Array;
            Type.Named gradientRecord = GradNames.gradientRecord(processingEnv.getElementUtils(), result.element);
            Type.Named record = vectorValued ? GradNames.pullbackRecord(gradientRecord) : gradientRecord;
            List<Variable> differentiable = result.function.differentiableParameters();
            result.derivatives = new GradClassWriter.Derivatives(name,
                    result.function.returnType(),
                    ForwardTransform.transform(result.function, activity),
                    ReverseTransform.transform(result.function, activity, record),
                    record,
                    partialNames(differentiable),
                    differentiable,
                    null);
            result.activity = activity;
            checkSize(result, result.derivatives.forward(), result.derivatives.reverse());
            if (vectorValued && GradNames.requestsHessian(result.element)) {
                result.diagnostics.error(new SourcePosition(trees.getPath(result.element)), Message.NO_SECOND_ORDER_VECTOR,
                        name);
            }
        } catch (RuntimeException | StackOverflowError e) {
            result.derivatives = null;
            result.diagnostics.error(new SourcePosition(trees.getPath(result.element)), Message.INTERNAL_ERROR, name,
                    e.toString());
        }
    }

    /** Generated methods must stay under the JVM's size limit, or javac would fail in generated code. */
    private void checkSize(MethodResult result, MethodDef... methods) {
        for (MethodDef method : methods) {
            int estimate = BytecodeEstimate.of(method);
            if (estimate > BytecodeEstimate.LIMIT) {
                result.diagnostics.error(new SourcePosition(trees.getPath(result.element)), Message.METHOD_TOO_LONG,
                        result.function.name(), method.name(), estimate);
                return;
            }
        }
    }

    private static List<String> partialNames(List<Variable> parameters) {
        return parameters.stream().map(p -> GradNames.partialName(p.name())).toList();
    }

    /**
     * Second order, for the methods that ask for it (hessian = true) and every method of this round
     * they call: the tangent function and its reverse mode, and for the askers the Hessian methods.
     * A method whose tangent cannot be built (a call through first-order rules, a library method
     * without second-order code) fails, and so do the methods that need it.
     */
    private void addSecondOrder(List<MethodResult> all) {
        Map<String, MethodResult> byKey = new LinkedHashMap<>();
        all.forEach(r -> byKey.put(key(r.element), r));
        Set<MethodResult> needed = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<MethodResult> work = new java.util.ArrayDeque<>();
        for (MethodResult r : all) {
            if (r.succeeded() && GradNames.requestsHessian(r.element)) {
                work.add(r);
            }
        }
        while (!work.isEmpty()) {
            MethodResult r = work.poll();
            if (!needed.add(r)) {
                continue;
            }
            forEachDifferentiableCall(r.function, call -> {
                MethodResult callee = byKey.get(key(call.target()));
                if (callee != null && callee.succeeded()) {
                    work.add(callee);
                }
            });
        }
        Map<MethodResult, GradClassWriter.SecondOrder> built = new LinkedHashMap<>();
        Map<MethodResult, String> failures = new LinkedHashMap<>();
        for (MethodResult r : needed) {
            try {
                GradClassWriter.SecondOrder second = tangentOf(r);
                for (MethodDef method : List.of(second.tangent(), second.tangentGradient())) {
                    int estimate = BytecodeEstimate.of(method);
                    if (estimate > BytecodeEstimate.LIMIT) {
                        throw new IllegalArgumentException(Message.METHOD_TOO_LONG.format(r.function.name(), method.name(),
                                estimate));
                    }
                }
                built.put(r, second);
            } catch (ForwardTransform.NoSecondOrder e) {
                failures.put(r, Message.NO_SECOND_ORDER.format(r.function.name(), e.getMessage()));
            } catch (IllegalArgumentException tooLong) {
                failures.put(r, tooLong.getMessage());
            } catch (RuntimeException e) {
                failures.put(r, Message.INTERNAL_ERROR.format(r.function.name(), e.toString()));
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (MethodResult r : needed) {
                if (failures.containsKey(r)) {
                    continue;
                }
                CallTarget[] missing = {null};
                forEachDifferentiableCall(r.function, call -> {
                    MethodResult callee = byKey.get(key(call.target()));
                    if (callee != null ? failures.containsKey(callee) || !needed.contains(callee)
                            : !hasCompiledTangent(call.target())) {
                        missing[0] = call.target();
                    }
                });
                if (missing[0] != null) {
                    boolean thisRound = byKey.containsKey(key(missing[0]));
                    failures.put(r, (thisRound ? Message.NO_SECOND_ORDER_TRANSITIVE : Message.NO_SECOND_ORDER_CALLEE)
                            .format(r.function.name(), missing[0].name()));
                    changed = true;
                }
            }
        }
        for (MethodResult r : needed) {
            boolean requested = GradNames.requestsHessian(r.element);
            if (failures.containsKey(r)) {
                if (requested) {
                    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, failures.get(r), r.element);
                }
                continue;
            }
            GradClassWriter.SecondOrder second = built.get(r);
            GradClassWriter.Derivatives d = r.derivatives;
            r.derivatives = new GradClassWriter.Derivatives(d.sourceMethod(), d.valueType(), d.forward(), d.reverse(),
                    d.record(), d.partialNames(), d.parameters(),
                    new GradClassWriter.SecondOrder(second.tangent(), second.tangentGradient(), second.record(),
                            second.partialNames(), second.parameters(), requested));
        }
    }

    private boolean hasCompiledTangent(CallTarget target) {
        TypeElement grad = processingEnv.getElementUtils().getTypeElement(target.gradOwner().qualifiedName());
        return grad != null && grad.getEnclosedElements().stream()
                .anyMatch(e -> e.getSimpleName().contentEquals(GradNames.tangentMethod(target.name())));
    }

    /** The tangent function of a method and its reverse mode. */
    private GradClassWriter.SecondOrder tangentOf(MethodResult result) {
        Function tangent = ForwardTransform.tangentFunction(result.function, result.activity);
        Diagnostics diagnostics = new Diagnostics();
        Activity tangentActivity = Activity.of(tangent, diagnostics);
        if (diagnostics.hasErrors()) {
            throw new IllegalStateException("the tangent function of " + result.function.name() + " does not check");
        }
        Type.Named tangentRecord = GradNames.tangentRecord(result.derivatives.record());
        MethodDef tangentMethod = new MethodDef(tangent.name(), Type.DOUBLE, tangent.parameters(), tangent.body(),
                List.of("The derivative of {@link #" + result.function.name() + "} along the direction given by the"
                        + " {@code ...Dot} arguments, as a plain method; its reverse mode gives Hessian-vector products."));
        return new GradClassWriter.SecondOrder(tangentMethod,
                ReverseTransform.transform(tangent, tangentActivity, tangentRecord),
                tangentRecord,
                partialNames(tangent.differentiableParameters()),
                tangent.differentiableParameters(),
                false);
    }

    /** A differentiable method from an earlier compilation must come with its generated class. */
    private void checkGeneratedCallees(MethodResult result) {
        forEachDifferentiableCall(result.function, call -> {
            CallTarget target = call.target();
            boolean inThisRound = processingEnv.getElementUtils()
                    .getTypeElement(target.owner().qualifiedName()) != null
                    && trees.getTree(processingEnv.getElementUtils().getTypeElement(target.owner().qualifiedName())) != null;
            if (!inThisRound && processingEnv.getElementUtils().getTypeElement(target.gradOwner().qualifiedName()) == null) {
                result.diagnostics.error(call.position(), Message.MISSING_GRAD_CLASS, target.name(),
                        target.gradOwner().qualifiedName());
            }
        });
    }

    /** A method calling one that failed would call generated code that does not exist: it fails too. */
    private void rejectCallsOfFailedMethods(List<MethodResult> all) {
        boolean changed = true;
        while (changed) {
            changed = false;
            Set<String> failed = new HashSet<>();
            for (MethodResult r : all) {
                if (!r.succeeded()) {
                    failed.add(key(r.element));
                }
            }
            for (MethodResult r : all) {
                if (!r.succeeded()) {
                    continue;
                }
                forEachDifferentiableCall(r.function, call -> {
                    if (failed.contains(key(call.target()))) {
                        r.diagnostics.error(call.position(), Message.CALLS_FAILED_METHOD, call.target().name());
                    }
                });
                changed |= !r.succeeded();
            }
        }
    }

    private static void forEachDifferentiableCall(Function function, java.util.function.Consumer<Expr.Call> action) {
        StatementWalker.expressions(function.body(), e -> {
            if (e instanceof Expr.Call call && call.target().differentiable()) {
                action.accept(call);
            }
        });
    }

    private String key(ExecutableElement method) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        return GradNames.classType(processingEnv.getElementUtils(), owner).qualifiedName() + "#"
                + method.getSimpleName() + method.getParameters().stream()
                        .map(p -> p.asType().toString()).toList();
    }

    private static String key(CallTarget target) {
        return target.owner().qualifiedName() + "#" + target.name()
                + target.parameterTypes().stream().map(Type::toString).toList();
    }

    private void writeGradClass(TypeElement owner, List<MethodResult> results) {
        List<GradClassWriter.Derivatives> generated = results.stream()
                .filter(MethodResult::succeeded)
                .map(r -> r.derivatives)
                .toList();
        if (generated.isEmpty()) {
            return;
        }
        var elements = processingEnv.getElementUtils();
        Type.Named gradClass = GradNames.gradClass(elements, owner);
        JavaFile file = GradClassWriter.write(owner, GradNames.classType(elements, owner), gradClass, generated);
        try {
            file.writeTo(processingEnv.getFiler());
        } catch (IOException | RuntimeException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.WRITE_FAILED.format(gradClass.qualifiedName(), e.getMessage()), owner);
        }
    }
}
