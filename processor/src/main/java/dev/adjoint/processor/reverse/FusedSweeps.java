package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Both sweeps of a method with {@link LoopFusion}'s candidate loops fused, when the translations show
 * that is exact: the adjoint of what follows the loops runs before them, each iteration's adjoint right
 * after the iteration, and the adjoint sweep proper is left with what precedes the loops. Takes the
 * candidate, the translation of the statements before the loops and a translator with the fused
 * {@link Recording}; gives the method's sweeps, or null.
 */
final class FusedSweeps {

    private final LoopFusion.Candidate candidate;
    private final StatementTranslator translator;
    private final MethodParts parts;

    private FusedSweeps(LoopFusion.Candidate candidate, StatementTranslator translator, MethodParts parts) {
        this.candidate = candidate;
        this.translator = translator;
        this.parts = parts;
    }

    /**
     * The sweeps with the loops fused, or null when that would not be exact: the adjoint of what follows
     * reads what the loops or the code after them compute, or the adjoints of what precedes the loops
     * read what they overwrite. A null leaves no declarations hoisted by the attempt.
     */
    static List<Stmt> of(LoopFusion.Candidate candidate, Translation before, StatementTranslator translator,
            MethodParts parts) {
        int hoistedBefore = parts.hoisted().mark();
        List<Stmt> sweeps = new FusedSweeps(candidate, translator, parts).sweeps(before);
        if (sweeps == null) {
            // The loops will be translated again, unfused, hoisting their own declarations.
            parts.hoisted().dropSince(hoistedBefore);
        }
        return sweeps;
    }

    private List<Stmt> sweeps(Translation before) {
        if (!Collections.disjoint(candidate.written(), translator.recording().readBeforeFusedLoops())) {
            return null;
        }
        // What follows the loop is translated ahead of it (its reads make nothing save values: the
        // recording does not count them).
        Translation after = translator.sequence(candidate.after(),
                TranslationContext.top(0, parts.jumps().exit()).recomputingPartials());
        Set<Variable> unavailable = Collections.newSetFromMap(new IdentityHashMap<>());
        unavailable.addAll(candidate.written());
        unavailable.add(parts.value());
        candidate.after().forEach(s -> {
            if (s instanceof Stmt.Declare d) {
                unavailable.add(d.variable());
            }
        });
        Set<Variable> readEarly = Collections.newSetFromMap(new IdentityHashMap<>());
        after.adjoint().forEach(s -> StatementWalker.addVariables(s, readEarly));
        if (!Collections.disjoint(readEarly, unavailable)) {
            return null;
        }
        List<Stmt> loops = new ArrayList<>();
        for (LoopFusion.FusableLoop loop : candidate.loops()) {
            Stmt fused = fusedLoop(loop);
            if (fused == null) {
                return null;
            }
            loops.addAll(loop.prelude());
            loops.add(fused);
        }
        List<Stmt> statements = new ArrayList<>();
        statements.addAll(parts.adjoints().declarations());
        statements.add(new Stmt.Comment("Forward sweep"));
        statements.addAll(before.forward());
        statements.add(new Stmt.Comment(candidate.loops().size() == 1
                ? "The loop only adds to what outlives an iteration, so the result's adjoint"
                : "The loops only add to what outlives an iteration, so the result's adjoint"));
        statements.add(new Stmt.Comment(candidate.loops().size() == 1
                ? "is known before it and each iteration is reversed right after it runs"
                : "is known before them and each iteration is reversed right after it runs"));
        statements.addAll(after.adjoint());
        statements.addAll(loops);
        statements.addAll(after.forward());
        if (!before.adjoint().isEmpty()) {
            statements.add(new Stmt.Comment("Adjoint sweep"));
            statements.addAll(before.adjoint());
        }
        return statements;
    }

    /**
     * The loop with each iteration's adjoint after its forward code, before the update (the loop's
     * own), or null when that adjoint sets a variable that outlives the iteration: it undoes a write
     * of the iteration ({@code i++} in the body, undone by {@code i--} for the adjoint to read
     * {@code a[i]}), and the next iteration would start from the undone value.
     */
    private Stmt fusedLoop(LoopFusion.FusableLoop fusable) {
        Stmt.Loop loop = fusable.loop();
        TranslationContext top = TranslationContext.top(0, parts.jumps().exit());
        TranslationContext.LoopFrame frame = new TranslationContext.LoopFrame(null, null,
                "iteration" + (top.loopCount() + 1), null, false, true, top.loop());
        Translation body = translator.sequence(loop.body().statements(), top.inFusedLoop(frame));
        if (setsWhatOutlivesAnIteration(body.adjoint(), fusable, loop.body())) {
            return null;
        }
        List<Stmt> iteration = new ArrayList<>(body.forward());
        iteration.addAll(body.adjoint());
        Stmt fused = new Stmt.Loop(loop.testFirst(), loop.condition(), new Stmt.Block(iteration), loop.update(),
                loop.position());
        if (fusable.statement() instanceof Stmt.Block block) {
            List<Stmt> initialised = new ArrayList<>(block.statements().subList(0, block.statements().size() - 1));
            initialised.add(fused);
            return new Stmt.Block(initialised);
        }
        return fused;
    }

    private static boolean setsWhatOutlivesAnIteration(List<Stmt> adjoint, LoopFusion.FusableLoop fusable,
            Stmt.Block body) {
        Set<Variable> declaredInBody = Collections.newSetFromMap(new IdentityHashMap<>());
        StatementWalker.forEachStatement(body, s -> {
            Write write = Write.of(s);
            if (write != null && write.kind() == Write.Kind.DECLARATION) {
                declaredInBody.add(write.variable());
            }
        });
        boolean[] sets = {false};
        adjoint.forEach(statement -> StatementWalker.forEachStatement(statement, s -> {
            Write write = Write.of(s);
            sets[0] |= write != null && write.setsVariable() && fusable.written().contains(write.variable())
                    && !declaredInBody.contains(write.variable());
        }));
        return sets[0];
    }
}
