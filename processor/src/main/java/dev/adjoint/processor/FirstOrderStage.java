package dev.adjoint.processor;

import com.sun.source.util.Trees;
import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.analyze.ReplayableLoops;
import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.diagnostics.TreePosition;
import dev.adjoint.processor.emit.GradClassWriter;
import dev.adjoint.processor.forward.ForwardTransform;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import dev.adjoint.processor.read.MethodReader;
import dev.adjoint.processor.read.PrivateMembers;
import dev.adjoint.processor.reverse.CalleePartials;
import dev.adjoint.processor.reverse.ReverseTransform;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Takes one annotated method through reading, activity analysis and the forward and reverse
 * transforms. Each method goes through on its own: its errors are its own, and nothing it throws
 * stops the others.
 */
final class FirstOrderStage {

    private final Trees trees;
    private final Elements elements;
    private final MethodReader reader;
    /** What checkpointed loops may call: the round's replayable {@code @Differentiable} methods. */
    private final ReplayableCallees replayableCallees;

    FirstOrderStage(Trees trees, Elements elements, MethodReader reader) {
        this.trees = trees;
        this.elements = elements;
        this.replayableCallees = new ReplayableCallees(elements, trees, reader);
        this.reader = reader;
    }

    MethodResult differentiate(ExecutableElement method) {
        Diagnostics diagnostics = new Diagnostics();
        String name = method.getSimpleName().toString();
        Optional<FirstOrderMethod> firstOrder = StageGuard.attempt(name, () -> {
            Optional<ReadMethod> read = read(method, diagnostics);
            return read.isEmpty() ? Optional.empty() : Optional.of(firstOrder(method, read.get()));
        }, rejected -> diagnostics.error(positionOf(method), rejected.message(), rejected.arguments()));
        return new MethodResult(method, diagnostics, firstOrder);
    }

    /**
     * A private static helper that the differentiable code of {@code members}' class calls, read as if
     * it were {@code @Differentiable}: its value copy always, and its derivatives when it returns a
     * double of double parameters.
     */
    HelperResult differentiateHelper(ExecutableElement helper, PrivateMembers members) {
        Diagnostics diagnostics = new Diagnostics();
        String name = members.helperName(helper);
        Optional<HelperResult.Code> code = StageGuard.attempt(helper.getSimpleName().toString(), () -> {
            Optional<Function> function = reader.readHelper(helper, members, diagnostics);
            if (function.isEmpty()) {
                return Optional.empty();
            }
            Function f = function.get();
            if (f.returnType() != Type.DOUBLE || f.differentiableParameters().isEmpty()) {
                return Optional.of(new HelperResult.Code(f, Optional.empty()));
            }
            Activity activity = Activity.of(f, diagnostics);
            checkGeneratedCallees(f, diagnostics);
            if (diagnostics.hasErrors()) {
                return Optional.empty();
            }
            Type.Named record = members.gradientRecord(name);
            GradClassWriter.FirstOrder derivatives = new GradClassWriter.FirstOrder(name, Type.DOUBLE,
                    ForwardTransform.transform(f, activity),
                    ReverseTransform.transform(f, activity, record, CalleePartials.onTapeWithin(members.gradClass())),
                    record,
                    f.differentiableParameters());
            SizeLimit.check(name, derivatives.forward(), derivatives.reverse());
            return Optional.of(new HelperResult.Code(f, Optional.of(derivatives)));
        }, rejected -> diagnostics.error(positionOf(helper), rejected.message(), rejected.arguments()));
        return new HelperResult(helper, name, diagnostics, code);
    }

    /** The method as IR with its activity, or nothing when it has errors (all of them in {@code diagnostics}). */
    private Optional<ReadMethod> read(ExecutableElement method, Diagnostics diagnostics) {
        Optional<Function> function = reader.read(method, diagnostics);
        if (function.isEmpty()) {
            return Optional.empty();
        }
        Activity activity = Activity.of(function.get(), diagnostics);
        checkGeneratedCallees(function.get(), diagnostics);
        Set<Stmt.Loop> checkpointed = GradNames.requestsCheckpoints(method)
                ? ReplayableLoops.check(function.get(), replayableCallees, diagnostics) : Set.of();
        return diagnostics.hasErrors() ? Optional.empty()
                : Optional.of(new ReadMethod(function.get(), activity, checkpointed));
    }

    /** Forward and reverse mode of a method that was read without errors. */
    private FirstOrderMethod firstOrder(ExecutableElement method, ReadMethod read) throws MethodRejected {
        Function function = read.function();
        boolean vectorValued = function.returnType() instanceof Type.Array;
        RecordShape resultRecord = function.resultRecord();
        if (vectorValued && GradNames.requestsHessian(method)) {
            throw new MethodRejected(Message.NO_SECOND_ORDER_VECTOR, function.name(),
                    resultRecord != null ? resultRecord.type().simpleName() : function.returnType());
        }
        Type.Named gradientRecord = GradNames.gradientRecord(elements, method);
        Type.Named record = vectorValued ? GradNames.pullbackRecord(gradientRecord) : gradientRecord;
        Type.Named forwardRecord = resultRecord != null ? GradNames.forwardRecord(gradientRecord) : null;
        GradClassWriter.FirstOrder code = new GradClassWriter.FirstOrder(function.name(),
                resultRecord != null ? resultRecord.type() : function.returnType(),
                ForwardTransform.transform(function, read.activity(), forwardRecord),
                ReverseTransform.transform(function, read.activity(), record, CalleePartials.onTapeWithin(
                        GradNames.gradClass(elements, (TypeElement) method.getEnclosingElement())),
                        read.checkpointed()),
                record,
                function.differentiableSignature(),
                resultRecord,
                function.records());
        SizeLimit.check(code);
        return new FirstOrderMethod(read, code);
    }

    /** A differentiable method from an earlier compilation must come with its generated class. */
    private void checkGeneratedCallees(Function function, Diagnostics diagnostics) {
        Calls.forEachDifferentiable(function, call -> {
            CallTarget target = call.target();
            TypeElement owner = elements.getTypeElement(target.owner().qualifiedName());
            // A private helper's copy (owner and derivatives both in the generated class) is made this round.
            boolean inThisRound = owner != null && trees.getTree(owner) != null
                    || target.owner().equals(target.gradOwner());
            if (!inThisRound && elements.getTypeElement(target.gradOwner().qualifiedName()) == null) {
                diagnostics.error(call.position(), Message.MISSING_GRAD_CLASS, target.name(),
                        target.gradOwner().qualifiedName());
            }
        });
    }

    /** Where a rejection of the whole method is reported: on its declaration. */
    private SourcePosition positionOf(ExecutableElement method) {
        return TreePosition.of(trees.getPath(method));
    }
}
