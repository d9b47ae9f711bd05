package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Reverse mode: a forward sweep (the method itself, recording what the adjoints will need) and
 * an adjoint sweep that visits the statements backwards, from the return value's adjoint of 1 to
 * the parameters' adjoints, the gradient.
 *
 * <p>What the forward sweep records, and nothing more: the old value of a variable that an
 * assignment overwrites, when the adjoint sweep reads it; which way each {@code if} went, when a
 * branch has adjoint work; and which {@code return} ended the method, when there are several.
 * Loop-free code keeps all of it in locals, so it needs no tape.
 *
 * <p>This class builds the method: it decides what to record ({@link RecordingAnalysis}), has the
 * statements translated ({@link StatementTranslator}), with loops fused where that is exact
 * ({@link FusedSweeps}), and assembles the declarations, the sweeps and the gradient record. Takes the
 * function, its activity and the gradient record's type; gives the generated method.
 */
public final class ReverseTransform {

    private final Function function;
    private final MethodParts parts;

    private ReverseTransform(Function function, Activity activity, CalleePartials calleePartials,
            Set<Stmt.Loop> checkpointed) {
        this.function = function;
        // A returned record is read as an array of its leaves; the entry takes and gives the record itself.
        Type returned = function.resultRecord() != null ? function.resultRecord().type() : function.returnType();
        Variable value = Variable.generated("value", returned);
        Variable seed = function.returnType() instanceof Type.Array
                ? new Variable("seed", returned, Variable.Origin.PARAMETER) : null;
        Hoisted hoisted = new Hoisted();
        TapePolicy tapes = new TapePolicy(hoisted);
        this.parts = new MethodParts(activity, new Jumps(function.body()), new AdjointVariables(), hoisted,
                tapes, new StrongZeros(), new Callees(calleePartials.forCaller(function), tapes), value, seed, function.resultRecord(),
                checkpointed);
    }

    /** Reverse mode of {@code function}, receiving every callee's partials in its gradient record. */
    public static MethodDef transform(Function function, Activity activity, Type.Named gradientRecord) {
        return transform(function, activity, gradientRecord, CalleePartials.inRecords());
    }

    /** Reverse mode of {@code function}, receiving its callees' partials as {@code calleePartials} says. */
    public static MethodDef transform(Function function, Activity activity, Type.Named gradientRecord,
            CalleePartials calleePartials) {
        return transform(function, activity, gradientRecord, calleePartials, Set.of());
    }

    /**
     * Reverse mode of {@code function}, receiving its callees' partials as {@code calleePartials} says, with
     * the tape memory of the loops {@code checkpointed} bounded ({@link CheckpointedLoops}).
     */
    public static MethodDef transform(Function function, Activity activity, Type.Named gradientRecord,
            CalleePartials calleePartials, Set<Stmt.Loop> checkpointed) {
        return new ReverseTransform(function, activity, calleePartials, checkpointed).build(gradientRecord);
    }

    private MethodDef build(Type.Named gradientRecord) {
        for (Variable p : function.differentiableParameters()) {
            parts.adjoints().of(p);
        }
        List<Stmt> sweeps = sweeps();
        Jumps jumps = parts.jumps();
        List<Stmt> statements = new ArrayList<>();
        // A record parameter is taken apart first: the sweeps read its components as parameters of their own.
        for (Variable p : function.signature()) {
            if (function.recordOf(p) != null) {
                statements.addAll(function.recordOf(p).unpack(Exprs.ref(p)));
            }
        }
        if (!jumps.singleExit()) {
            statements.add(new Stmt.Declare(parts.value(), null, SourcePosition.NONE));
            if (jumps.severalReturns()) {
                statements.add(new Stmt.Declare(jumps.exit(), null, SourcePosition.NONE));
            }
        }
        statements.addAll(parts.tapes().declarations());
        statements.addAll(parts.hoisted().declarations());
        AdjointVariables adjoints = parts.adjoints();
        List<Expr> components = new ArrayList<>();
        components.add(Exprs.ref(parts.value()));
        // A record's partial is a record of its type: the components' adjoints, and other components as they are.
        for (Variable p : function.differentiableSignature()) {
            RecordShape record = function.recordOf(p);
            components.add(record == null ? Exprs.ref(adjoints.of(p))
                    : record.pack(leaf -> Exprs.ref(function.isDifferentiable(leaf) ? adjoints.of(leaf) : leaf)));
        }
        // The adjoints returned keep their zeros; the others are declared where first written.
        Set<Variable> intermediate = Collections.newSetFromMap(new IdentityHashMap<>());
        intermediate.addAll(adjoints.all());
        Set<Variable> returned = new HashSet<>();
        components.forEach(c -> StatementWalker.addVariables(c, returned));
        intermediate.removeIf(returned::contains);
        Set<Variable> adjointRoots = Collections.newSetFromMap(new IdentityHashMap<>());
        adjointRoots.addAll(adjoints.all());
        if (parts.seed() != null) {
            adjointRoots.add(parts.seed());
        }
        Set<Variable> returnedScalars = Collections.newSetFromMap(new IdentityHashMap<>());
        adjoints.all().stream().filter(a -> returned.contains(a) && a.type().equals(Type.DOUBLE))
                .forEach(returnedScalars::add);
        AdjointsAtFirstWrite.AssignedAfterResets assigned = AdjointsAtFirstWrite.assignAfterResets(NegatedSeeds.fold(
                AdjointsAtFirstWrite.fold(AdjointsAtFirstWrite.assignInLoops(ElementSums.merge(
                        parts.strongZeros().resolve(sweeps, adjoints.all()), adjoints.arrays()), intermediate),
                        intermediate), adjointRoots), intermediate, returnedScalars);
        statements.addAll(assigned.statements());
        statements.addAll(AdjointsAtFirstWrite.zeroSigns(assigned.returnedAssigned()));
        statements = new ArrayList<>(TapeCursors.apply(InvariantGuards.unswitch(statements),
                parts.tapes().threadTapes()));
        statements.add(new Stmt.Return(new Expr.New(gradientRecord, components), SourcePosition.NONE));
        if (parts.seed() != null) {
            List<Variable> parameters = new ArrayList<>(function.signature());
            parameters.add(parts.seed());
            return new MethodDef(GradNames.pullbackMethod(function.name()), gradientRecord, parameters,
                    new Stmt.Block(statements), List.of(
                    "Reverse mode of {@link #" + function.name() + "}: its value, and the vector-Jacobian product"
                            + " {@code seed}ᵀJ with respect to every differentiable parameter, from one forward and"
                            + " one adjoint sweep. {@code seed} has one entry per "
                            + (function.resultRecord() != null ? "component of the result, in a record of its type."
                            : "element of the result.")));
        }
        return new MethodDef(GradNames.gradientMethod(function.name()), gradientRecord, function.signature(),
                new Stmt.Block(statements), List.of(
                "Reverse mode of {@link #" + function.name() + "}: its value and its partial derivative with"
                        + " respect to every {@code double} parameter, from one forward and one adjoint sweep."));
    }

    /** Both sweeps, with the loops fused when {@link LoopFusion} finds candidates and fusing them is exact. */
    private List<Stmt> sweeps() {
        Activity activity = parts.activity();
        Jumps jumps = parts.jumps();
        List<Stmt> top = function.body().statements();
        LoopFusion.Candidate candidate = jumps.singleExit() && parts.seed() == null
                ? LoopFusion.find(top, activity) : null;
        StatementTranslator unfused = new StatementTranslator(parts, RecordingAnalysis.unfused(top, activity));
        if (candidate == null) {
            return sweeps(unfused.sequence(top, TranslationContext.top(jumps.singleExit() ? 0 : 1, jumps.exit())));
        }
        // The statements before the loops are recorded alike either way, so they are translated once.
        StatementTranslator fused = new StatementTranslator(parts, RecordingAnalysis.fused(candidate, activity));
        TranslationContext context = TranslationContext.top(0, jumps.exit());
        Translation before = fused.sequence(candidate.before(), context);
        List<Stmt> sweeps = FusedSweeps.of(candidate, before, fused, parts);
        if (sweeps != null) {
            return sweeps;
        }
        List<Stmt> rest = top.subList(candidate.before().size(), top.size());
        return sweeps(Translation.concat(before, unfused.sequence(rest, context)));
    }

    /** The forward sweep, then the adjoints' declarations and the adjoint sweep. */
    private List<Stmt> sweeps(Translation body) {
        List<Stmt> statements = new ArrayList<>();
        statements.add(new Stmt.Comment("Forward sweep"));
        if (parts.jumps().singleExit()) {
            statements.addAll(body.forward());
        } else {
            statements.add(new Stmt.Labeled(Jumps.BODY_LABEL, new Stmt.Block(body.forward())));
        }
        statements.add(new Stmt.Comment("Adjoint sweep"));
        statements.addAll(parts.adjoints().declarations());
        statements.addAll(body.adjoint());
        return statements;
    }
}
