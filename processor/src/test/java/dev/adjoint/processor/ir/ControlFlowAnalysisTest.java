package dev.adjoint.processor.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link ControlFlow} on the shapes the passes ask about: nested loops, labelled blocks, returns. */
class ControlFlowAnalysisTest {

    private static final SourcePosition P = SourcePosition.NONE;
    private static final Variable X = Variable.generated("x", Type.DOUBLE);

    private static Stmt.Block block(Stmt... statements) {
        return new Stmt.Block(List.of(statements));
    }

    private static Stmt.If when(Stmt.Block then) {
        return new Stmt.If(Expr.Literal.of(true), then, block(), P);
    }

    private static Stmt.Loop loop(Stmt.Block body) {
        return new Stmt.Loop(true, new Expr.Ref(Variable.generated("go", Type.BOOLEAN)), body, block(), P);
    }

    private static Stmt assign() {
        return new Stmt.Assign(X, Expr.Literal.of(1.0), P);
    }

    @Test
    void straightLineCodeCompletesNormallyAndJumpsNowhere() {
        ControlFlow flow = ControlFlow.of(block(assign(), when(block(assign()))));
        assertTrue(flow.completesNormally());
        assertFalse(flow.mayJumpOut());
        assertFalse(flow.breaksALabelInside());
    }

    @Test
    void aBreakAndAContinueLeaveTheBlocksAroundThemButNotTheirLoop() {
        Stmt.Break stop = new Stmt.Break(P);
        Stmt.Continue skip = new Stmt.Continue(P);
        Stmt.Loop inner = loop(block(when(block(stop)), when(block(skip))));
        ControlFlow body = ControlFlow.of(inner.body());
        assertEquals(List.of(stop), body.breaks());
        assertEquals(List.of(skip), body.continues());
        assertTrue(body.completesNormally());
        assertEquals(List.of(stop, skip), ControlFlow.jumpsOf(inner));

        ControlFlow outerBody = ControlFlow.of(block(assign(), inner));
        assertFalse(outerBody.mayBreakOrContinueEnclosingLoop());
        assertTrue(outerBody.completesNormally());
    }

    @Test
    void aReturnLeavesEverythingAroundIt() {
        Stmt.Return exit = new Stmt.Return(new Expr.Ref(X), P);
        ControlFlow flow = ControlFlow.of(block(loop(block(new Stmt.Labeled("l", block(when(block(exit))))))));
        assertEquals(List.of(exit), flow.returns());
        assertTrue(flow.mayJumpOut());
        assertFalse(flow.mayBreakOrContinueEnclosingLoop());
    }

    @Test
    void aLabelledBlockCatchesItsOwnBreaksAndPassesTheOthersOn() {
        Stmt.Labeled iteration = new Stmt.Labeled("iteration1", block(
                when(block(new Stmt.BreakLabel("iteration1"))),
                when(block(new Stmt.BreakLabel("body"))),
                when(block(new Stmt.Continue(P)))));
        ControlFlow flow = ControlFlow.of(iteration);
        assertEquals(Set.of("body"), flow.labelsBroken());
        assertTrue(flow.breaksALabelInside());
        assertTrue(flow.mayContinueEnclosingLoop());
        assertTrue(flow.completesNormally());

        ControlFlow caughtOnly = ControlFlow.of(new Stmt.Labeled("l", block(new Stmt.BreakLabel("l"))));
        assertFalse(caughtOnly.mayJumpOut());
        assertTrue(caughtOnly.completesNormally());
        assertTrue(caughtOnly.breaksALabelInside());
    }

    @Test
    void aLoopForeverCompletesNormallyOnlyByABreak() {
        Stmt.Loop forever = new Stmt.Loop(true, Expr.Literal.of(true), block(assign()), block(), P);
        assertFalse(ControlFlow.of(forever).completesNormally());
        Stmt.Loop broken = new Stmt.Loop(true, Expr.Literal.of(true), block(when(block(new Stmt.Break(P)))), block(), P);
        assertTrue(ControlFlow.of(broken).completesNormally());
        assertTrue(ControlFlow.of(loop(block(assign()))).completesNormally());
    }

    @Test
    void aJumpDoesNotCompleteNormallyNorDoesABlockEndingInOne() {
        assertFalse(ControlFlow.of(new Stmt.Break(P)).completesNormally());
        assertFalse(ControlFlow.of(block(assign(), new Stmt.BreakLabel("body"))).completesNormally());
        assertTrue(ControlFlow.of(new Stmt.If(Expr.Literal.of(true), block(new Stmt.Break(P)), block(), P))
                .completesNormally());
    }
}
