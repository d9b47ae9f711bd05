package dev.adjoint.processor;

import com.google.auto.service.AutoService;
import com.palantir.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import dev.adjoint.processor.read.DerivativeOfRules;
import dev.adjoint.processor.read.MethodReader;
import dev.adjoint.processor.read.PrivateMembers;
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
import javax.tools.JavaFileObject;

/**
 * Generates a {@code *Grad} class for every class with {@code @Differentiable} methods. A round: the
 * {@code @DerivativeOf} rules are checked; each method goes through the first-order stages on its own
 * ({@link FirstOrderStage}: read, analyze, forward and reverse transforms); a method calling one that
 * failed fails too; second order is built where asked for ({@link SecondOrderPlanner}); then every
 * method's errors are reported and the classes written. Each step on a method runs under
 * {@link StageGuard}, so an error in one method never stops the others, and nothing thrown inside
 * reaches javac: an internal failure becomes an error on the method being processed.
 */
@AutoService(Processor.class)
public final class AdjointProcessor extends AbstractProcessor {

    private static final String GENERATED = "javax.annotation.processing.Generated";

    private Trees trees;

    @Override
    public synchronized void init(ProcessingEnvironment environment) {
        super.init(environment);
        ProcessingEnvironment javac = EnvironmentUnwrapper.javacEnvironment(environment);
        try {
            trees = Trees.instance(javac != null ? javac : environment);
        } catch (IllegalArgumentException e) {
            Diagnostics.printError(environment.getMessager(), null, Message.UNWRAP_FAILED,
                    environment.getClass().getName());
        }
    }

    /**
     * {@code @Generated} too: the generated classes carry it, and claiming it keeps
     * {@code -Xlint:all -Werror} builds free of "no processor claimed" warnings.
     */
    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(GradNames.DIFFERENTIABLE, DerivativeOfRules.DERIVATIVE_OF, GENERATED);
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
        var elements = processingEnv.getElementUtils();
        MethodReader reader = new MethodReader(trees, elements, collectRules(round));
        FirstOrderStage firstOrder = new FirstOrderStage(trees, elements, reader);
        Map<TypeElement, List<MethodResult>> byClass = new LinkedHashMap<>();
        for (Element element : round.getElementsAnnotatedWith(annotation)) {
            if (element instanceof ExecutableElement method && method.getEnclosingElement() instanceof TypeElement owner) {
                byClass.computeIfAbsent(owner, k -> new ArrayList<>()).add(firstOrder.differentiate(method));
            }
        }
        Map<TypeElement, List<HelperResult>> helpers = new LinkedHashMap<>();
        byClass.keySet().forEach(owner -> helpers.put(owner, privateHelpers(firstOrder, reader.privateMembers(owner))));
        List<MethodResult> all = byClass.values().stream().flatMap(List::stream).toList();
        FailedCalls.reject(elements, trees, all, helpers.values().stream().flatMap(List::stream).toList());
        // Taken before second order: a method whose Hessian cannot be built keeps its first-order code.
        Set<ExecutableElement> generated = new HashSet<>();
        all.stream().filter(MethodResult::succeeded).forEach(r -> generated.add(r.element()));
        Map<ExecutableElement, GradClassWriter.SecondOrder> secondOrder = new SecondOrderPlanner(elements).plan(all);
        for (MethodResult result : all) {
            result.diagnostics().report(trees, processingEnv.getMessager(), result.element());
        }
        byClass.forEach((owner, results) -> writeGradClass(owner, results.stream()
                .filter(r -> generated.contains(r.element()))
                .map(r -> new GradClassWriter.Derivatives(r.firstOrder().orElseThrow().code(),
                        Optional.ofNullable(secondOrder.get(r.element()))))
                .toList(), reader.privateMembers(owner), helpers.get(owner)));
        return true;
    }

    /**
     * The private helpers the class's differentiable code calls, each read and differentiated once;
     * a helper may call others, which are read in turn.
     */
    private static List<HelperResult> privateHelpers(FirstOrderStage firstOrder, PrivateMembers members) {
        List<HelperResult> helpers = new ArrayList<>();
        for (Optional<ExecutableElement> next = members.nextHelper(); next.isPresent(); next = members.nextHelper()) {
            helpers.add(firstOrder.differentiateHelper(next.get(), members));
        }
        return helpers;
    }

    /** The round's @DerivativeOf rules; their own errors are reported here, on the rules. */
    private DerivativeOfRules collectRules(RoundEnvironment round) {
        var elements = processingEnv.getElementUtils();
        TypeElement derivativeOf = elements.getTypeElement(DerivativeOfRules.DERIVATIVE_OF);
        if (derivativeOf == null) {
            return DerivativeOfRules.none(elements);
        }
        var ruleMethods = round.getElementsAnnotatedWith(derivativeOf);
        Diagnostics diagnostics = new Diagnostics();
        DerivativeOfRules collected = StageGuard.attempt("@DerivativeOf rules",
                        () -> Optional.of(DerivativeOfRules.collect(elements, trees, ruleMethods, diagnostics)),
                        rejected -> diagnostics.error(SourcePosition.NONE, rejected.message(), rejected.arguments()))
                .orElseGet(() -> DerivativeOfRules.none(elements));
        if (!ruleMethods.isEmpty()) {
            diagnostics.report(trees, processingEnv.getMessager(), ruleMethods.iterator().next());
        }
        return collected;
    }

    private void writeGradClass(TypeElement owner, List<GradClassWriter.Derivatives> generated, PrivateMembers members,
            List<HelperResult> helpers) {
        if (generated.isEmpty()) {
            return;
        }
        var elements = processingEnv.getElementUtils();
        Type.Named gradClass = GradNames.gradClass(elements, owner);
        // Writing, as every stage, ends in an error on the class, never in an exception out of javac.
        try {
            JavaFile file = GradClassWriter.write(owner, GradNames.classType(elements, owner), gradClass, generated,
                    members.copiedFields(), helpers.stream().filter(HelperResult::succeeded)
                            .map(HelperResult::toWrite).toList());
            // Rendered first, then written at once: JavaPoet writes many small strings, and each one
            // through the Filer's character encoder cost about a fifth of the processor's time.
            String text = file.toString();
            JavaFileObject source = processingEnv.getFiler().createSourceFile(gradClass.qualifiedName(), owner);
            try (Writer writer = source.openWriter()) {
                writer.write(text);
            }
        } catch (IOException e) {
            Diagnostics.printError(processingEnv.getMessager(), owner, Message.WRITE_FAILED, gradClass.qualifiedName(),
                    e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            Diagnostics.printError(processingEnv.getMessager(), owner, Message.WRITE_FAILED, gradClass.qualifiedName(),
                    e.toString());
        }
    }
}
