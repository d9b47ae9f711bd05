package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a statement is translated. Passed down the translation and never changed: a nested statement
 * gets a context of its own, so nothing has to be restored on the way back up.
 *
 * @param depth how deeply the statement is nested in blocks; at 0, the method's top level, the
 *     variables the adjoint sweep reads can be declared in place
 * @param loop the innermost loop around the statement, or null
 * @param guard the variable that says which jump ended the code being reversed: the method's exit,
 *     or the code of the loop's iteration (null in a loop that records none)
 * @param partialsRecomputed whether partials are computed in the adjoint sweep even outside loops:
 *     for code whose adjoint runs before its forward code does (what follows fused loops)
 * @param branch the innermost branch around the statement whose way is recorded where a jump leaves
 *     it, or null
 */
record TranslationContext(int depth, LoopFrame loop, Variable guard, boolean partialsRecomputed,
        RecordedBranch branch) {

    /** The method's body at {@code depth}, outside every loop, where the guard is the method's exit. */
    static TranslationContext top(int depth, Variable exit) {
        return new TranslationContext(depth, null, exit, false, null);
    }

    /** A block nested in this one. */
    TranslationContext nested() {
        return new TranslationContext(depth + 1, loop, guard, partialsRecomputed, branch);
    }

    /** The body of {@code frame}'s loop, reversed after the forward sweep, guarded by the iteration's code. */
    TranslationContext inLoop(LoopFrame frame, Variable iterationCode) {
        return new TranslationContext(depth + 1, frame, iterationCode, partialsRecomputed, branch);
    }

    /** The body of a fused loop: translated like the top level, each iteration reversed right after it. */
    TranslationContext inFusedLoop(LoopFrame frame) {
        return new TranslationContext(0, frame, guard, partialsRecomputed, branch);
    }

    /** This context, with partials computed in the adjoint sweep. */
    TranslationContext recomputingPartials() {
        return new TranslationContext(depth, loop, guard, true, branch);
    }

    /** An arm of a branch, in this context's loop, whose way {@code taken} is recorded by each jump out of it. */
    TranslationContext inRecordedBranch(Variable taken) {
        return new TranslationContext(depth + 1, loop, guard, partialsRecomputed, new RecordedBranch(taken, loop, branch));
    }

    /**
     * The ways of the branches a jump from here leaves, innermost first: those inside the innermost
     * loop for a {@code break} or a {@code continue}, all of them for a {@code return}.
     */
    List<Variable> branchesLeft(boolean leavingTheMethod) {
        List<Variable> left = new ArrayList<>();
        for (RecordedBranch b = branch; b != null && (leavingTheMethod || b.loop() == loop); b = b.outer()) {
            left.add(b.taken());
        }
        return left;
    }

    /**
     * Whether the statement is inside a loop whose iterations the adjoint sweep replays backwards,
     * after the forward sweep: then what the adjoint needs must be taped or recomputed. In a fused loop
     * (see {@link LoopFusion}) each iteration's adjoint runs right after it, so its body is translated
     * like straight-line code.
     */
    boolean inReversedLoop() {
        for (LoopFrame frame = loop; frame != null; frame = frame.outer()) {
            if (!frame.fused()) {
                return true;
            }
        }
        return false;
    }

    /** How many loops are around the statement. */
    int loopCount() {
        int count = 0;
        for (LoopFrame frame = loop; frame != null; frame = frame.outer()) {
            count++;
        }
        return count;
    }

    /**
     * The bookkeeping of one loop around the statement being translated.
     *
     * @param codes the tape of how each iteration ended, when its body can break, continue or return
     * @param continued the local that carries a {@code continue}'s id to the end of the iteration
     * @param iterationLabel the label of the block a {@code continue} leaves
     * @param trips the loop's trip counter
     * @param nested whether the loop is inside a reversed loop, so its trip count is taped
     * @param fused whether each iteration is reversed right after it runs
     * @param outer the loop around this one, or null
     */
    record LoopFrame(Variable codes, Variable continued, String iterationLabel, Variable trips, boolean nested,
            boolean fused, LoopFrame outer) {
    }

    /**
     * A branch inside a reversed loop that a jump may leave: the way it took, {@code taken}, goes on the
     * thread's tape where control leaves it, after it or at a jump out of it, so that it lies above
     * what the branch recorded and the adjoint sweep reads it first.
     *
     * @param loop the innermost loop around the branch
     * @param outer the recorded branch around this one, or null
     */
    record RecordedBranch(Variable taken, LoopFrame loop, RecordedBranch outer) {
    }
}
