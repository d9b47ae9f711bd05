package dev.adjoint.processor.reverse;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, before any statement is translated, what the forward sweep must record for the adjoint
 * sweep (as Clad's to-be-recorded analysis runs before its reverse-mode visitor): which loop-local
 * declarations the adjoint sweep recomputes instead of taping, which inner loops' counters it sets from
 * their trip counts ({@link CountedLoop}), and then ({@link OverwriteSaves}) which overwrites save the
 * old value.
 *
 * <p>Takes the method's statements and their activity, and how they will be translated: every loop
 * reversed after the forward sweep ({@link #unfused}), or the candidate loops of {@link LoopFusion}
 * reversed one iteration at a time ({@link #fused}). Gives a {@link Recording}.
 *
 * <p>It walks the statements in the order the translator does, noting every variable an adjoint
 * reads: a loop's recomputable declarations are those the loop's adjoints (or its inner loops'
 * recomputations) read.
 */
final class RecordingAnalysis {

    private final Activity activity;
    private final AdjointReads reads;
    /** Variables read by the adjoints of the statements walked so far. */
    private final Set<Variable> readByAdjoints = newSet();
    private final Set<Stmt.Declare> recomputed = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<Stmt.Loop, List<Stmt.Declare>> recomputations = new IdentityHashMap<>();
    /** The counted loops inside loops reversed after the forward sweep, by loop. */
    private final Map<Stmt.Loop, CountedLoop> countedLoops = new IdentityHashMap<>();
    /** How many loops around the statement being walked replay their iterations after the forward sweep. */
    private int reversedLoops;

    private RecordingAnalysis(Activity activity) {
        this.activity = activity;
        this.reads = new AdjointReads(activity);
    }

    /** The recording of {@code statements} with every loop reversed after the forward sweep. */
    static Recording unfused(List<Stmt> statements, Activity activity) {
        RecordingAnalysis analysis = new RecordingAnalysis(activity);
        analysis.walk(statements);
        return analysis.result(OverwriteSaves.unfused(statements, activity, analysis.recomputed,
                analysis.recomputations, analysis.countedLoops), null);
    }

    /**
     * The recording of a method body with {@code candidate}'s loops fused: the statements before them,
     * then the loops' bodies, each iteration reversed right after it (so as straight-line code). What
     * follows the loops is translated ahead of them, and its adjoint reads nothing they overwrite.
     */
    static Recording fused(LoopFusion.Candidate candidate, Activity activity) {
        RecordingAnalysis analysis = new RecordingAnalysis(activity);
        analysis.walk(candidate.before());
        Set<Variable> readBefore = newSet();
        readBefore.addAll(analysis.readByAdjoints);
        candidate.loops().forEach(loop -> analysis.walk(loop.loop().body().statements()));
        return analysis.result(OverwriteSaves.fused(candidate, activity, analysis.recomputed,
                analysis.recomputations, analysis.countedLoops), readBefore);
    }

    private Recording result(OverwriteSaves.Decisions saves, Set<Variable> readBeforeFusedLoops) {
        return new Recording(saves.savingOverwrites(), saves.elementResults(), saves.tapedPartials(), recomputed,
                recomputations, countedLoops, readBeforeFusedLoops);
    }

    private void walk(List<Stmt> statements) {
        statements.forEach(s -> s.accept(walking));
    }

    /** An overwrite of {@code v} by {@code value}: an assignment, or a declaration a reversed loop runs again. */
    private void overwrite(Variable v, Expr value) {
        if (activity.isActive(v)) {
            reads.addValueReads(v, value, readByAdjoints);
        }
        if (reads.holdsResult(v, value)) {
            reads.addResultRead(v, value, readByAdjoints);
        }
    }

    private void loop(Stmt.Loop loop) {
        Set<Variable> locals = newSet();
        loop.body().statements().forEach(x -> {
            if (x instanceof Stmt.Declare d) {
                locals.add(d.variable());
            }
        });
        for (Variable v : reads.readsIn(loop)) {
            if (!locals.contains(v)) {
                readByAdjoints.add(v);
            }
        }
        noteRecomputationReads(loop);
        List<Stmt.Declare> recomputable = recomputable(loop);
        recomputed.addAll(recomputable);
        recomputations.put(loop, recomputable);
        reversedLoops++;
        walk(loop.body().statements());
        walk(loop.update().statements());
        reversedLoops--;
    }

    private List<Stmt.Declare> recomputable(Stmt.Loop loop) {
        Set<Variable> wanted = newSet();
        wanted.addAll(readByAdjoints);
        wanted.addAll(reads.readsIn(loop));
        return RecomputableDeclarations.in(loop, wanted);
    }

    /**
     * A recomputation reads values that must be what they were in its iteration when the iteration
     * is reversed, so they count as read by the adjoints: for this loop and every loop inside it,
     * before any of their statements is walked (an inner loop's counter is set outside it).
     */
    private void noteRecomputationReads(Stmt.Loop outer) {
        // Until nothing new is noted: an inner loop's recomputation can make an outer one's needed
        // (a value recomputed inside reads the outer loop's element, which reads the outer counter).
        int noted;
        do {
            noted = readByAdjoints.size();
            StatementWalker.forEachStatement(outer, s -> {
                if (s instanceof Stmt.Loop loop) {
                    recomputable(loop).forEach(d -> StatementWalker.addVariables(d.init(), readByAdjoints));
                }
            });
        } while (readByAdjoints.size() != noted);
    }

    private static Set<Variable> newSet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** Each statement, as the translator meets it. */
    private final Stmt.Visitor<Void> walking = new Stmt.Visitor<>() {
        @Override
        public Void visitDeclare(Stmt.Declare node) {
            Variable v = node.variable();
            if (reversedLoops == 0) {
                if (node.init() != null && activity.isActive(v)) {
                    reads.addValueReads(v, node.init(), readByAdjoints);
                    reads.addResultRead(v, node.init(), readByAdjoints);
                }
            } else if (recomputed.contains(node)) {
                if (activity.isActive(v)) {
                    reads.addValueReads(v, node.init(), readByAdjoints);
                    reads.addResultRead(v, node.init(), readByAdjoints);
                }
            } else {
                // Run again each iteration, a declaration overwrites the previous iteration's value.
                Expr init = node.init() == null ? Exprs.zero(v.type()) : node.init();
                overwrite(v, init);
            }
            return null;
        }

        @Override
        public Void visitAssign(Stmt.Assign node) {
            overwrite(node.variable(), node.value());
            return null;
        }

        @Override
        public Void visitArrayWrite(Stmt.ArrayWrite node) {
            // As if it computed its value again (OverwriteSaves decides where it reads its result, and
            // only where its array is read by an adjoint already): more reads than the translation's.
            reads.addElementWriteReads(node, false, readByAdjoints);
            return null;
        }

        @Override
        public Void visitBlock(Stmt.Block node) {
            // Inside a reversed loop, a counted loop's last counter value is computed, not saved.
            CountedLoop counted = reversedLoops > 0 ? CountedLoop.of(node) : null;
            if (counted != null) {
                countedLoops.put(counted.loop(), counted);
                StatementWalker.addVariables(counted.start(), readByAdjoints);
            }
            walk(node.statements());
            return null;
        }

        @Override
        public Void visitIf(Stmt.If node) {
            walk(node.thenBranch().statements());
            walk(node.elseBranch().statements());
            return null;
        }

        @Override
        public Void visitReturn(Stmt.Return node) {
            reads.addReads(node.value(), readByAdjoints);
            return null;
        }

        @Override
        public Void visitLoop(Stmt.Loop node) {
            loop(node);
            return null;
        }

        @Override
        public Void visitBreak(Stmt.Break node) {
            return null;
        }

        @Override
        public Void visitContinue(Stmt.Continue node) {
            return null;
        }

        @Override
        public Void visitEvaluate(Stmt.Evaluate node) {
            return null; // a call made for its effect: its arguments are read where it stands
        }

        @Override
        public Void visitLabeled(Stmt.Labeled node) {
            return unexpected(node);
        }

        @Override
        public Void visitBreakLabel(Stmt.BreakLabel node) {
            return unexpected(node);
        }

        @Override
        public Void visitComment(Stmt.Comment node) {
            return unexpected(node);
        }

        @Override
        public Void visitThrow(Stmt.Throw node) {
            return null; // its arguments are evaluated where it stands, in the forward sweep
        }

        private Void unexpected(Stmt s) {
            throw new IllegalStateException("reverse mode met an unexpected statement: " + s);
        }
    };
}
