package dev.adjoint.processor.reverse;

import static dev.adjoint.processor.ir.Exprs.ZERO;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Translates a local's declaration into both sweeps for {@link StatementTranslator}: a declaration
 * outside reversed loops, one run again each iteration (an overwrite, or recomputed by the adjoint
 * sweep), a local array, and an array returned by a vector-valued call.
 */
final class DeclarationTranslator {

    private final StatementTranslator translator;
    private final Activity activity;
    private final Recording recording;
    private final AdjointVariables adjoints;
    private final Hoisted hoisted;
    private final Callees callees;
    private final LoopArrays loopArrays;

    DeclarationTranslator(StatementTranslator translator, MethodParts parts, Recording recording, LoopArrays loopArrays) {
        this.translator = translator;
        this.activity = parts.activity();
        this.recording = recording;
        this.adjoints = parts.adjoints();
        this.hoisted = parts.hoisted();
        this.callees = parts.callees();
        this.loopArrays = loopArrays;
    }

    Translation translate(Stmt.Declare d, TranslationContext context) {
        Variable v = d.variable();
        if (d.init() instanceof Expr.Call call && call.type() instanceof Type.Array
                && (activity.isActive(v) || call.target().resultRecord() != null)) {
            return vectorCall(d, call, context);
        }
        // A declaration without a value gets its zero: an overwrite may save it before Java sees it assigned.
        Expr init = d.init() == null ? Exprs.zero(v.type()) : d.init();
        if (context.inReversedLoop() && v.type() instanceof Type.Array) {
            return loopArrays.declaration(d);
        }
        if (context.inReversedLoop()) {
            // Run again each iteration, a declaration overwrites the previous iteration's value.
            hoisted.declareZero(v);
            if (recording.isRecomputed(d)) {
                return recomputedDeclaration(d);
            }
            return translator.assign(new Stmt.Assign(v, init, d.position()), context, recording.savesOverwrittenValue(d));
        }
        List<Stmt> forward = new ArrayList<>();
        boolean differentiated = d.init() != null && activity.isActive(v);
        ExpressionAdjoint prepared = differentiated ? translator.prepare(d.init(), Exprs.ref(v), context, forward) : null;
        forward.add(hoisted.declareVisible(v, prepared != null ? prepared.primal() : init, context.depth(),
                d.position()));
        if (v.type() instanceof Type.Array && activity.isActive(v)) {
            Variable adjointArray = adjoints.declaredWithPrimal(v);
            forward.add(hoisted.declareVisible(adjointArray, AdjointVariables.zerosLike(v), context.depth(),
                    SourcePosition.NONE));
        }
        List<Stmt> adjoint = new ArrayList<>();
        if (differentiated) {
            adjoint.addAll(translator.seeded(adjoints.of(v),
                    group -> prepared.propagate(Exprs.ref(adjoints.of(v)), group)));
        }
        if (context.loop() != null && activity.isActive(v) && !(v.type() instanceof Type.Array)) {
            // In a fused loop the next iteration declares v again and its adjoint starts from zero.
            adjoint.add(new Stmt.Assign(adjoints.of(v), ZERO, SourcePosition.NONE));
        }
        return new Translation(forward, adjoint, Set.of());
    }

    /**
     * {@code double[] p = polar(r, t);}, outside loops (the reader refuses local arrays inside them); also
     * the leaves of a local record a call gives ({@code Point p = polar(r, t);}), differentiated or not:
     * the call gives a record that only this translation takes apart.
     */
    private Translation vectorCall(Stmt.Declare d, Expr.Call call, TranslationContext context) {
        Variable v = d.variable();
        List<Stmt> forward = new ArrayList<>();
        Temporaries temps = hoisted.temporaries(context.depth(), forward);
        Function<Expr, Stmt> declare = init -> hoisted.declareVisible(v, init, context.depth(), d.position());
        if (!activity.isActive(v)) {
            VectorCalls.primal(v, call, temps, forward, declare);
            return new Translation(forward, List.of(), Set.of());
        }
        Variable adjointArray = adjoints.declaredWithPrimal(v);
        List<Stmt> adjoint = VectorCalls.translate(v, call, activity, adjoints::of, callees, temps, forward,
                adjointArray, declare);
        forward.add(hoisted.declareVisible(adjointArray, AdjointVariables.zerosLike(v), context.depth(),
                SourcePosition.NONE));
        return new Translation(forward, adjoint, Set.of());
    }

    /**
     * A declaration the adjoint sweep recomputes at the start of each reversed iteration: no tape,
     * and its own adjoint needs no restore.
     */
    private Translation recomputedDeclaration(Stmt.Declare d) {
        Variable v = d.variable();
        List<Stmt> adjoint = new ArrayList<>();
        if (activity.isActive(v)) {
            adjoint.addAll(translator.seeded(adjoints.of(v), group -> ExpressionAdjoint.propagate(d.init(),
                    Exprs.ref(adjoints.of(v)), Exprs.ref(v), activity, adjoints::of, callees, group)));
            adjoint.add(new Stmt.Assign(adjoints.of(v), ZERO, SourcePosition.NONE));
        }
        return new Translation(List.of(new Stmt.Assign(v, d.init(), d.position())), adjoint, Set.of());
    }
}
