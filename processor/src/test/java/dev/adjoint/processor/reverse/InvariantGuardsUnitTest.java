package dev.adjoint.processor.reverse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which strong-zero guards {@link InvariantGuards} takes out of a loop: only one on a variable the
 * loop never assigns, and only out of an innermost loop; the copies keep the loop's bookkeeping.
 */
class InvariantGuardsUnitTest {

    private final Variable trips = Variable.generated("trips", Type.INT);
    private final Variable aAdj = Variable.generated("aAdj", Type.DOUBLE);
    private final Variable uAdj = Variable.generated("uAdj", Type.DOUBLE);

    private Stmt countDown() {
        return new Stmt.Assign(trips, Exprs.binary(BinaryOp.SUB, Exprs.ref(trips), Expr.Literal.ofInt(1)),
                SourcePosition.NONE);
    }

    private Stmt guarded(Stmt... statements) {
        return new Stmt.If(Exprs.binary(BinaryOp.NE, Exprs.ref(aAdj), Exprs.ZERO), new Stmt.Block(List.of(statements)),
                new Stmt.Block(List.of()), SourcePosition.NONE);
    }

    private Stmt send() {
        return new Stmt.Assign(uAdj, Exprs.binary(BinaryOp.ADD, Exprs.ref(uAdj), Exprs.ref(aAdj)), SourcePosition.NONE);
    }

    private Stmt.Loop loop(Stmt... body) {
        return new Stmt.Loop(true, Exprs.binary(BinaryOp.GT, Exprs.ref(trips), Expr.Literal.ofInt(0)),
                new Stmt.Block(List.of(body)), new Stmt.Block(List.of()), SourcePosition.NONE);
    }

    @Test
    void anInvariantGuardSplitsTheLoop() {
        Stmt.Loop original = loop(countDown(), new Stmt.Comment("grad of:", countDown()), guarded(send()));
        Stmt.If split = assertInstanceOf(Stmt.If.class, InvariantGuards.unswitch(List.of(original)).get(0));
        Stmt.Loop taken = (Stmt.Loop) split.thenBranch().statements().get(0);
        Stmt.Loop skipped = (Stmt.Loop) split.elseBranch().statements().get(0);
        assertEquals(List.of(countDown(), new Stmt.Comment("grad of:", countDown()), send()), taken.body().statements());
        assertEquals(List.of(countDown()), skipped.body().statements(), "the bookkeeping, without the guard's heading");
    }

    @Test
    void aGuardOnAVariableTheLoopAssignsStaysInside() {
        Stmt halve = new Stmt.Assign(aAdj, Exprs.binary(BinaryOp.MUL, Exprs.ref(aAdj), Expr.Literal.of(0.5)),
                SourcePosition.NONE);
        Stmt.Loop original = loop(countDown(), guarded(send()), halve);
        assertEquals(List.of(original), InvariantGuards.unswitch(List.of(original)));
        Stmt.Loop declared = loop(countDown(), new Stmt.Declare(aAdj, Exprs.ref(uAdj), SourcePosition.NONE),
                guarded(send()));
        assertEquals(List.of(declared), InvariantGuards.unswitch(List.of(declared)));
    }

    @Test
    void onlyTheInnermostLoopIsSplit() {
        Stmt.Loop outer = loop(countDown(), guarded(send()), loop(countDown(), guarded(send())));
        Stmt.Loop result = assertInstanceOf(Stmt.Loop.class, InvariantGuards.unswitch(List.of(outer)).get(0));
        List<Stmt> body = new ArrayList<>(result.body().statements());
        assertEquals(guarded(send()), body.get(1), "the outer loop's guard stays");
        assertInstanceOf(Stmt.If.class, body.get(2), "the inner loop is split");
    }
}
