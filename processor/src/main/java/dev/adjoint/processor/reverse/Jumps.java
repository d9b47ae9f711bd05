package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.ControlFlow;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The jump bookkeeping of reverse mode. Every return, break and continue of the user's method gets an
 * id, in source order; the forward sweep records the id of the jump that ended an iteration (on the
 * loop's tape of codes) or the method (in {@code exit}, when it has several returns), and the adjoint
 * sweep tests it to reverse exactly the statements that ran. Takes the method's body; gives the ids,
 * the forward code of each jump, and the adjoint sweep's tests.
 */
final class Jumps {

    /** The label of the block that holds the forward sweep of a method with several exits. */
    static final String BODY_LABEL = "body";
    /** The code of an iteration that ended without a jump. */
    static final int NORMAL = -1;

    private final Map<Stmt, Integer> ids = new IdentityHashMap<>();
    private final int returnCount;
    private final boolean singleExit;
    private final Variable exit = Variable.generated("exit", Type.INT);

    Jumps(Stmt.Block body) {
        // Source order is the order of a walk of the statements outermost first.
        StatementWalker.forEachStatement(body, s -> {
            if (s.accept(NUMBERED_JUMP)) {
                ids.put(s, ids.size());
            }
        });
        returnCount = ControlFlow.of(body).returns().size();
        List<Stmt> top = body.statements();
        singleExit = returnCount == 1 && !top.isEmpty() && top.get(top.size() - 1) instanceof Stmt.Return;
    }

    /** Whether the method's only return is its last statement: then the forward sweep needs no exit. */
    boolean singleExit() {
        return singleExit;
    }

    /** Whether the method has several returns: then {@link #exit()} says which one ended it. */
    boolean severalReturns() {
        return returnCount > 1;
    }

    Variable exit() {
        return exit;
    }

    /** The ids of {@code jumps}. */
    Set<Integer> ids(List<? extends Stmt> jumps) {
        Set<Integer> result = new TreeSet<>();
        jumps.forEach(jump -> result.add(ids.get(jump)));
        return result;
    }

    /** The forward code of a break: the iteration's code is its id, and the loop ends. */
    Translation breakOf(Stmt.Break b, TranslationContext.LoopFrame loop) {
        int id = ids.get(b);
        List<Stmt> forward = new ArrayList<>();
        forward.add(new Stmt.Evaluate(RuntimeTypes.push(loop.codes(), Expr.Literal.ofInt(id))));
        forward.add(b);
        return new Translation(forward, List.of(), Set.of(id));
    }

    /** The forward code of a continue: its id is carried to the end of the iteration, and becomes its code. */
    Translation continueOf(Stmt.Continue c, TranslationContext.LoopFrame loop) {
        int id = ids.get(c);
        List<Stmt> forward = new ArrayList<>();
        forward.add(new Stmt.Assign(loop.continued(), Expr.Literal.ofInt(id), SourcePosition.NONE));
        forward.add(new Stmt.BreakLabel(loop.iterationLabel()));
        return new Translation(forward, List.of(), Set.of(id));
    }

    int id(Stmt.Return r) {
        return ids.get(r);
    }

    /**
     * A return leaving loops from inside records what their iterations and nested trip counts would
     * have recorded on the way out, innermost first, so that the adjoint sweep finds it where it looks.
     */
    List<Stmt> leaveLoops(Stmt.Return r, TranslationContext.LoopFrame innermost, TapePolicy tapes) {
        List<Stmt> forward = new ArrayList<>();
        for (TranslationContext.LoopFrame loop = innermost; loop != null; loop = loop.outer()) {
            if (loop.codes() != null) {
                forward.add(new Stmt.Evaluate(RuntimeTypes.push(loop.codes(), Expr.Literal.ofInt(ids.get(r)))));
            }
            if (loop.nested()) {
                forward.add(new Stmt.Evaluate(RuntimeTypes.push(tapes.valueTape(Type.INT), Exprs.ref(loop.trips()))));
            }
        }
        return forward;
    }

    /** After a return's value is set, in a method with several exits: which return it was, and out. */
    List<Stmt> leaveMethod(Stmt.Return r) {
        List<Stmt> forward = new ArrayList<>();
        if (severalReturns()) {
            forward.add(new Stmt.Assign(exit, Expr.Literal.ofInt(ids.get(r)), SourcePosition.NONE));
        }
        forward.add(new Stmt.BreakLabel(BODY_LABEL));
        return forward;
    }

    /**
     * The test that {@code guard} is not one of the ids: outside their range when they are
     * consecutive, else one by one, since a jump between them in source order (a {@code continue}
     * between two {@code break}s) can be the guard's value too.
     */
    static Expr didNotJumpIn(Set<Integer> ids, Variable guard) {
        int first = Collections.min(ids);
        int last = Collections.max(ids);
        Expr exitRef = Exprs.ref(guard);
        if (last - first + 1 == ids.size() && first != last) {
            return Exprs.binary(BinaryOp.OR, Exprs.binary(BinaryOp.LT, exitRef, Expr.Literal.ofInt(first)),
                    Exprs.binary(BinaryOp.GT, exitRef, Expr.Literal.ofInt(last)));
        }
        Expr none = null;
        for (int id : new TreeSet<>(ids)) {
            Expr notThis = Exprs.binary(BinaryOp.NE, exitRef, Expr.Literal.ofInt(id));
            none = none == null ? notThis : Exprs.binary(BinaryOp.AND, none, notThis);
        }
        return none;
    }

    /** Whether a statement is a jump of the user's code that gets an id: a return, a break or a continue. */
    private static final Stmt.Visitor<Boolean> NUMBERED_JUMP = new Stmt.Visitor<>() {
        @Override
        public Boolean visitDeclare(Stmt.Declare node) {
            return false;
        }

        @Override
        public Boolean visitAssign(Stmt.Assign node) {
            return false;
        }

        @Override
        public Boolean visitArrayWrite(Stmt.ArrayWrite node) {
            return false;
        }

        @Override
        public Boolean visitBlock(Stmt.Block node) {
            return false;
        }

        @Override
        public Boolean visitIf(Stmt.If node) {
            return false;
        }

        @Override
        public Boolean visitReturn(Stmt.Return node) {
            return true;
        }

        @Override
        public Boolean visitLoop(Stmt.Loop node) {
            return false;
        }

        @Override
        public Boolean visitBreak(Stmt.Break node) {
            return true;
        }

        @Override
        public Boolean visitContinue(Stmt.Continue node) {
            return true;
        }

        @Override
        public Boolean visitEvaluate(Stmt.Evaluate node) {
            return false;
        }

        @Override
        public Boolean visitLabeled(Stmt.Labeled node) {
            return false;
        }

        @Override
        public Boolean visitBreakLabel(Stmt.BreakLabel node) {
            return false;
        }

        @Override
        public Boolean visitComment(Stmt.Comment node) {
            return false;
        }

        @Override
        public Boolean visitThrow(Stmt.Throw node) {
            return false; // it leaves the method, but the adjoint sweep never runs after it
        }
    };
}
