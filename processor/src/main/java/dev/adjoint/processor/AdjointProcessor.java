package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.emit.BytecodeEstimate;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.forward.ForwardTransform;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import dev.adjoint.processor.read.DerivativeRules;
import dev.adjoint.processor.read.MethodReader;
import dev.adjoint.processor.reverse.ReverseTransform;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import javax.tools.JavaFileObject;

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
        new SecondOrderPlanner(processingEnv).plan(all);
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
            GradClassWriter.FirstOrder firstOrder = new GradClassWriter.FirstOrder(name,
                    result.function.returnType(),
                    ForwardTransform.transform(result.function, activity),
                    ReverseTransform.transform(result.function, activity, record),
                    record,
                    differentiable);
            result.derivatives = new GradClassWriter.Derivatives(firstOrder, Optional.empty());
            result.activity = activity;
            checkSize(result, firstOrder.forward(), firstOrder.reverse());
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

    /** A differentiable method from an earlier compilation must come with its generated class. */
    private void checkGeneratedCallees(MethodResult result) {
        Calls.forEachDifferentiable(result.function, call -> {
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
                    failed.add(Calls.key(processingEnv.getElementUtils(), r.element));
                }
            }
            for (MethodResult r : all) {
                if (!r.succeeded()) {
                    continue;
                }
                Calls.forEachDifferentiable(r.function, call -> {
                    if (failed.contains(Calls.key(call.target()))) {
                        r.diagnostics.error(call.position(), Message.CALLS_FAILED_METHOD, call.target().name());
                    }
                });
                changed |= !r.succeeded();
            }
        }
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
            // Rendered first, then written at once: JavaPoet writes many small strings, and each one
            // through the Filer's character encoder cost about a fifth of the processor's time.
            String text = file.toString();
            JavaFileObject source = processingEnv.getFiler().createSourceFile(gradClass.qualifiedName(), owner);
            try (Writer writer = source.openWriter()) {
                writer.write(text);
            }
        } catch (IOException | RuntimeException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                    Message.WRITE_FAILED.format(gradClass.qualifiedName(), e.getMessage()), owner);
        }
    }
}
