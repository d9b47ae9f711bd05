package dev.adjoint.processor.reverse;

import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the forward sweep records for the adjoint sweep, as {@link RecordingAnalysis} decided it before
 * translation: read-only, and keyed by the statements of the user's method (by identity).
 */
final class Recording {

    private final Set<Stmt> savingOverwrites;
    private final Set<Stmt.ArrayWrite> elementResults;
    private final Set<Stmt.Assign> tapedPartials;
    private final Set<Stmt.Declare> recomputed;
    private final Map<Stmt.Loop, List<Stmt.Declare>> recomputations;
    private final Map<Stmt.Loop, CountedLoop> countedLoops;
    private final Set<Variable> readBeforeFusedLoops;

    Recording(Set<Stmt> savingOverwrites, Set<Stmt.ArrayWrite> elementResults, Set<Stmt.Assign> tapedPartials,
            Set<Stmt.Declare> recomputed,
            Map<Stmt.Loop, List<Stmt.Declare>> recomputations, Map<Stmt.Loop, CountedLoop> countedLoops,
            Set<Variable> readBeforeFusedLoops) {
        this.savingOverwrites = Collections.unmodifiableSet(savingOverwrites);
        this.elementResults = Collections.unmodifiableSet(elementResults);
        this.tapedPartials = Collections.unmodifiableSet(tapedPartials);
        this.recomputed = Collections.unmodifiableSet(recomputed);
        this.recomputations = Collections.unmodifiableMap(recomputations);
        this.countedLoops = Collections.unmodifiableMap(countedLoops);
        this.readBeforeFusedLoops = readBeforeFusedLoops == null ? null
                : Collections.unmodifiableSet(readBeforeFusedLoops);
    }

    /**
     * Whether the forward sweep saves the value {@code overwrite} overwrites, for the adjoint sweep to
     * restore: {@code overwrite} is an assignment, an element write, or a declaration that a reversed
     * loop runs again.
     */
    boolean savesOverwrittenValue(Stmt overwrite) {
        return savingOverwrites.contains(overwrite);
    }

    /**
     * Whether the adjoint of {@code write}, an element write in a loop reversed after the forward sweep,
     * reads the write's result from the element, before restoring it, instead of computing it again.
     */
    boolean readsElementResult(Stmt.ArrayWrite write) {
        return elementResults.contains(write);
    }

    /**
     * Whether the forward sweep tapes the {@link LocalPartial} of {@code assignment}, in a loop reversed
     * after it, instead of the value it overwrites: no adjoint but its own reads that value.
     */
    boolean tapesPartial(Stmt.Assign assignment) {
        return tapedPartials.contains(assignment);
    }

    /** Whether the adjoint sweep recomputes {@code declaration}, a loop-local one, instead of taping it. */
    boolean isRecomputed(Stmt.Declare declaration) {
        return recomputed.contains(declaration);
    }

    /** The declarations the adjoint sweep recomputes at the start of each reversed iteration of {@code loop}. */
    List<Stmt.Declare> recomputations(Stmt.Loop loop) {
        return recomputations.getOrDefault(loop, List.of());
    }

    /**
     * {@code loop}, counted, when the adjoint sweep sets its counter to its last value before running its
     * iterations backwards (the forward sweep then saves no value of the counter); else null.
     */
    CountedLoop countedLoop(Stmt.Loop loop) {
        return countedLoops.get(loop);
    }

    /**
     * With fused loops: the variables the adjoints of the statements before the loops read (fusion
     * needs the loops not to overwrite them). Null for a method translated without fusion.
     */
    Set<Variable> readBeforeFusedLoops() {
        return readBeforeFusedLoops;
    }
}
