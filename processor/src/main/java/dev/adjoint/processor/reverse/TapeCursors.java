package dev.adjoint.processor.reverse;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.ExpressionMap;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.NestedLists;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Substitution;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loops that record on the thread's double and int tapes through the tape's array and an index of their
 * own, as a person would write them, instead of calling {@code push} and {@code pop} for each value:
 *
 * <pre>{@code
 * doubles = doubleTape.values();
 * doublesTaped = doubleTape.size();
 * for (; k < steps; k++) {
 *     if (doublesTaped + 1 > doubles.length) {
 *         doubles = doubleTape.room(doubles, doublesTaped, 1);
 *     }
 *     doubles[doublesTaped] = s;
 *     doublesTaped++;
 *     s *= 1 + drift + diffusion * normals[p * steps + k];
 * }
 * doubleTape.setSize(doublesTaped);
 * }</pre>
 *
 * <p>Each push and pop goes through the tape object, a load and a store of its size in memory every
 * time, which the JIT cannot keep in a register across the loop; the index here is a local. One
 * check for room covers the pushes of a run of simple statements, and the index moves once per run.
 *
 * <p>Only where that is exact: the loop (with whatever encloses it up to a statement of its list) calls
 * nothing that could use the thread's tapes while the index is out of the tape (no method of the user's,
 * no generated derivative: only {@code Math}, {@code java.lang} and the runtime's array helpers), and
 * nothing leaves it but its own end (a {@code return}, a {@code break} or {@code continue} of a loop
 * around it, a {@code break} to an outer label would skip the {@code setSize} after it). A tape the
 * loop pushes onto or pops from anywhere but a statement of its own ({@code x = tape.pop();},
 * {@code tape.push(x);}) keeps {@code push} and {@code pop}. A checkpointed loop's reads of a tape's
 * {@code size()} and its cuts back ({@code tape.setSize(mark);}) become reads and assignments of the
 * index, between runs of statements, where the index is exact ({@link CheckpointedLoops}). Takes the
 * finished method body and its thread tapes; gives the body with such loops rewritten and the arrays and
 * indexes they use declared after their tapes.
 */
final class TapeCursors {

    /** A tape that loops may use directly: its array and the index of its first free entry. */
    private record Cursor(Variable tape, Variable array, Variable index) {
    }

    /** By tape, in the order the method declares them. */
    private final Map<Variable, Cursor> cursors = new LinkedHashMap<>();
    private final Set<Variable> used = new HashSet<>();

    private TapeCursors(List<Variable> threadTapes) {
        for (Variable tape : threadTapes) {
            Type element = RuntimeTypes.stackElement(tape.type());
            if (element == Type.DOUBLE || element == Type.INT) {
                String name = element.toString();
                cursors.put(tape, new Cursor(tape, Variable.generated(name + "s", new Type.Array(element)),
                        Variable.generated(name + "sTaped", Type.INT)));
            }
        }
    }

    /** {@code statements}, a method body, with its eligible loops using its {@code threadTapes} directly. */
    static List<Stmt> apply(List<Stmt> statements, List<Variable> threadTapes) {
        TapeCursors pass = new TapeCursors(threadTapes);
        if (pass.cursors.isEmpty()) {
            return statements;
        }
        List<Stmt> rewritten = pass.list(statements);
        List<Stmt> declared = new ArrayList<>(rewritten.size() + 2 * pass.used.size());
        for (Stmt s : rewritten) {
            declared.add(s);
            if (s instanceof Stmt.Declare d && pass.used.contains(d.variable())) {
                Cursor cursor = pass.cursors.get(d.variable());
                declared.add(new Stmt.Declare(cursor.array(), null, SourcePosition.NONE));
                declared.add(new Stmt.Declare(cursor.index(), null, SourcePosition.NONE));
            }
        }
        return declared;
    }

    /** A statement list outside loops that use a cursor: each eligible statement gets one, the rest are searched. */
    private List<Stmt> list(List<Stmt> statements) {
        List<Stmt> result = new ArrayList<>(statements.size());
        for (Stmt s : statements) {
            Set<Cursor> tapes = eligibleTapes(s);
            if (tapes.isEmpty()) {
                result.add(s.accept(searchInside));
                continue;
            }
            used.addAll(tapes.stream().map(Cursor::tape).toList());
            result.add(new Stmt.Comment(tapes.size() == 1
                    ? "The loop reads and writes the tape's array directly: it calls nothing that uses the tape"
                    : "The loop reads and writes the tapes' arrays directly: it calls nothing that uses them"));
            for (Cursor c : tapes) {
                result.add(new Stmt.Assign(c.array(), tapeCall(c, "values", List.of(), c.array().type()),
                        SourcePosition.NONE));
                result.add(new Stmt.Assign(c.index(), tapeCall(c, "size", List.of(), Type.INT), SourcePosition.NONE));
            }
            result.add(s.accept(new Rewrite(tapes)));
            for (Cursor c : tapes) {
                result.add(new Stmt.Evaluate(tapeCall(c, "setSize", List.of(Exprs.ref(c.index())), Type.VOID)));
            }
        }
        return result;
    }

    /**
     * The tapes {@code s} may use through cursors: those it pushes onto or pops from, when {@code s} holds a
     * loop, every push and pop of such a tape is a statement of its own, no call could use a tape, and
     * nothing jumps out of {@code s}; else none.
     */
    private Set<Cursor> eligibleTapes(Stmt s) {
        Set<Cursor> tapes = new LinkedHashSet<>();
        Set<String> labels = new HashSet<>();
        boolean[] ok = {true, false};
        StatementWalker.forEachStatement(s, nested -> {
            if (nested instanceof Stmt.Loop) {
                ok[1] = true;
            } else if (nested instanceof Stmt.Labeled labeled) {
                labels.add(labeled.label());
            }
        });
        ok[0] = !jumpsOut(s, false, labels);
        StatementWalker.forEachStatement(s, nested -> {
            TapeOp op = TapeOp.of(nested, cursors);
            Cursor dropped = droppedTo(nested);
            if (op != null) {
                tapes.add(op.cursor());
            } else if (dropped != null) {
                tapes.add(dropped);
            }
            List<Expr> others = op != null ? op.otherExpressions()
                    : dropped != null ? ((Expr.Invoke) ((Stmt.Evaluate) nested).expression()).arguments()
                    : StatementWalker.ownExpressions(nested);
            for (Expr e : others) {
                StatementWalker.walk(e, x -> {
                    Cursor counted = sizeOf(x);
                    if (counted != null) {
                        tapes.add(counted);
                    }
                    ok[0] &= x.accept(LEAVES_TAPES_ALONE) && (!isTapeCall(x) || counted != null);
                });
            }
        });
        if (!ok[0] || !ok[1]) {
            return Set.of();
        }
        Set<Cursor> inOrder = new LinkedHashSet<>(cursors.values());
        inOrder.retainAll(tapes);
        return inOrder;
    }

    /**
     * Whether {@code s} (inside a loop of the statement checked when {@code inLoop}) holds a jump that
     * leaves the statement checked: a {@code return}, a {@code break} or {@code continue} of a loop
     * around it, a {@code break} to a label not in it ({@code labels}).
     */
    private static boolean jumpsOut(Stmt s, boolean inLoop, Set<String> labels) {
        if (s instanceof Stmt.Return || (s instanceof Stmt.Break || s instanceof Stmt.Continue) && !inLoop
                || s instanceof Stmt.BreakLabel jump && !labels.contains(jump.label())) {
            return true;
        }
        for (Stmt nested : StatementWalker.nestedStatements(s)) {
            if (jumpsOut(nested, inLoop || s instanceof Stmt.Loop, labels)) {
                return true;
            }
        }
        return false;
    }

    private boolean isTapeCall(Expr e) {
        return e instanceof Expr.Invoke invoke && invoke.receiver() instanceof Expr.Ref ref
                && cursors.containsKey(ref.variable());
    }

    /** The tape whose {@code size()} {@code e} reads (a checkpointed loop's count of its records), or null. */
    private Cursor sizeOf(Expr e) {
        return e instanceof Expr.Invoke call && call.name().equals("size") ? TapeOp.tapeOf(call, cursors) : null;
    }

    /** The tape {@code s} cuts back ({@code tape.setSize(mark);}, a checkpointed loop dropping a stretch), or null. */
    private Cursor droppedTo(Stmt s) {
        return s instanceof Stmt.Evaluate e && e.expression() instanceof Expr.Invoke call
                && call.name().equals("setSize") ? TapeOp.tapeOf(call, cursors) : null;
    }

    /** Whether {@code s}'s own expressions read a tape's size, which a cursor's index must then give exactly. */
    private boolean readsSize(Stmt s) {
        boolean[] reads = {false};
        for (Expr e : StatementWalker.ownExpressions(s)) {
            StatementWalker.walk(e, x -> reads[0] |= sizeOf(x) != null);
        }
        return reads[0];
    }

    private static Expr tapeCall(Cursor c, String name, List<Expr> arguments, Type type) {
        return new Expr.Invoke(Exprs.ref(c.tape()), name, arguments, type);
    }

    private static Expr offset(Cursor c, int by) {
        Expr index = Exprs.ref(c.index());
        return by == 0 ? index : Exprs.binary(BinaryOp.ADD, index, Expr.Literal.ofInt(by));
    }

    /**
     * {@code if (doublesTaped + n > doubles.length) { doubles = doubleTape.room(doubles, doublesTaped, n); }}:
     * the test written out, so that the loop calls nothing while the array has room (a call of
     * {@code room} at every push, inlined or not, ran the Monte Carlo gradient 1.4 times slower).
     */
    private static Stmt roomCheck(Cursor c, int n) {
        Expr full = Exprs.binary(BinaryOp.GT, offset(c, n), new Expr.ArrayLength(Exprs.ref(c.array()), SourcePosition.NONE));
        Stmt grow = new Stmt.Assign(c.array(), tapeCall(c, "room",
                List.of(Exprs.ref(c.array()), Exprs.ref(c.index()), Expr.Literal.ofInt(n)), c.array().type()),
                SourcePosition.NONE);
        return new Stmt.If(full, new Stmt.Block(List.of(grow)), new Stmt.Block(List.of()), SourcePosition.NONE);
    }

    private static Stmt moveIndex(Cursor c, BinaryOp op, int by) {
        return new Stmt.Assign(c.index(), Exprs.binary(op, Exprs.ref(c.index()), Expr.Literal.ofInt(by)),
                SourcePosition.NONE);
    }

    /** A push or pop of a cursor's tape as a statement of its own: {@code tape.push(v);}, {@code x = tape.pop();}. */
    private record TapeOp(Cursor cursor, boolean push, Stmt statement, int place) {

        /** The same operation, at {@code place} in its run of statements. */
        TapeOp at(int place) {
            return new TapeOp(cursor, push, statement, place);
        }

        static TapeOp of(Stmt s, Map<Variable, Cursor> cursors) {
            if (s instanceof Stmt.Evaluate e && e.expression() instanceof Expr.Invoke call
                    && call.name().equals("push") && tapeOf(call, cursors) != null) {
                return new TapeOp(tapeOf(call, cursors), true, s, -1);
            }
            Expr value = s instanceof Stmt.Assign a ? a.value()
                    : s instanceof Stmt.Declare d ? d.init()
                    : s instanceof Stmt.ArrayWrite w ? w.value() : null;
            Expr.Invoke pop = popIn(value);
            Cursor cursor = pop != null ? tapeOf(pop, cursors) : null;
            return cursor != null ? new TapeOp(cursor, false, s, -1) : null;
        }

        private static Expr.Invoke popIn(Expr value) {
            Expr e = value instanceof Expr.Cast cast ? cast.operand() : value;
            return e instanceof Expr.Invoke call && call.name().equals("pop") ? call : null;
        }

        private static Cursor tapeOf(Expr.Invoke call, Map<Variable, Cursor> cursors) {
            return call.receiver() instanceof Expr.Ref ref ? cursors.get(ref.variable()) : null;
        }

        /** The expressions the statement evaluates besides the push or pop: the value pushed, the element written. */
        List<Expr> otherExpressions() {
            if (statement instanceof Stmt.Evaluate e) {
                return ((Expr.Invoke) e.expression()).arguments();
            }
            return statement instanceof Stmt.ArrayWrite w ? List.of(w.array(), w.index()) : List.of();
        }

        /** The statement with its push or pop through the cursor, at {@code offset} from its index. */
        Stmt through(int offset) {
            Expr element = new Expr.ArrayRead(Exprs.ref(cursor.array()), TapeCursors.offset(cursor, offset),
                    SourcePosition.NONE);
            if (push) {
                Expr value = ((Expr.Invoke) ((Stmt.Evaluate) statement).expression()).arguments().get(0);
                return new Stmt.ArrayWrite(Exprs.ref(cursor.array()), TapeCursors.offset(cursor, offset), value,
                        SourcePosition.NONE);
            }
            Expr popped = statement instanceof Stmt.Assign a ? a.value()
                    : statement instanceof Stmt.Declare d ? d.init() : ((Stmt.ArrayWrite) statement).value();
            Expr read = popped instanceof Expr.Cast cast ? new Expr.Cast(cast.type(), element, cast.position()) : element;
            if (statement instanceof Stmt.Assign a) {
                return new Stmt.Assign(a.variable(), read, a.position());
            }
            if (statement instanceof Stmt.Declare d) {
                return new Stmt.Declare(d.variable(), read, d.position());
            }
            Stmt.ArrayWrite w = (Stmt.ArrayWrite) statement;
            return new Stmt.ArrayWrite(w.array(), w.index(), read, w.position());
        }
    }

    /**
     * Whether evaluating the expression itself (not its operands) leaves the thread's tapes alone: a
     * call of the user's code or of a generated derivative might push and pop while a loop holds a tape's
     * index, so only calls known not to qualify.
     */
    private static final Expr.Visitor<Boolean> LEAVES_TAPES_ALONE = new Expr.Visitor<>() {
        @Override
        public Boolean visitLiteral(Expr.Literal node) {
            return true;
        }

        @Override
        public Boolean visitRef(Expr.Ref node) {
            return true;
        }

        @Override
        public Boolean visitStaticField(Expr.StaticField node) {
            return true;
        }

        @Override
        public Boolean visitUnary(Expr.Unary node) {
            return true;
        }

        @Override
        public Boolean visitBinary(Expr.Binary node) {
            return true;
        }

        @Override
        public Boolean visitConditional(Expr.Conditional node) {
            return true;
        }

        @Override
        public Boolean visitCast(Expr.Cast node) {
            return true;
        }

        @Override
        public Boolean visitMathCall(Expr.MathCall node) {
            return true;
        }

        @Override
        public Boolean visitCall(Expr.Call node) {
            return false;
        }

        @Override
        public Boolean visitArrayRead(Expr.ArrayRead node) {
            return true;
        }

        @Override
        public Boolean visitArrayLength(Expr.ArrayLength node) {
            return true;
        }

        @Override
        public Boolean visitNewArray(Expr.NewArray node) {
            return true;
        }

        /** A field read, or a site's own tape ({@code decisions.pop()}); a thread tape's is checked by its caller. */
        @Override
        public Boolean visitInvoke(Expr.Invoke node) {
            return node.field() || RuntimeTypes.stackElement(node.receiver().type()) != null;
        }

        @Override
        public Boolean visitInvokeStatic(Expr.InvokeStatic node) {
            return node.owner().packageName().equals("java.lang")
                    || node.owner().packageName().equals(RuntimeTypes.PACKAGE)
                    && RuntimeTypes.stackElement(node.owner()) == null;
        }

        @Override
        public Boolean visitNew(Expr.New node) {
            return node.type().packageName().equals(RuntimeTypes.PACKAGE);
        }
    };

    /** Copies a statement, looking for eligible loops in the lists nested in it. */
    private final Stmt.Visitor<Stmt> searchInside = new NestedLists() {
        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            return list(statements);
        }
    };

    /** Rewrites a statement of an eligible loop: its pushes and pops of {@code tapes} through their cursors. */
    private final class Rewrite extends NestedLists {

        private final Set<Cursor> tapes;

        Rewrite(Set<Cursor> tapes) {
            this.tapes = tapes;
        }

        /**
         * A list whose runs of simple statements take their pushes (pops) of a tape together: one
         * {@code room} check (one move of the index) before the first, and one move after the last push.
         */
        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            List<Stmt> result = new ArrayList<>();
            int start = 0;
            while (start < statements.size()) {
                if (!inRun(statements.get(start))) {
                    result.add(throughIndexes(statements.get(start).accept(this)));
                    start++;
                    continue;
                }
                int end = start;
                while (end < statements.size() && inRun(statements.get(end))) {
                    end++;
                }
                run(statements.subList(start, end), result);
                start = end;
            }
            return result;
        }

        /**
         * Whether {@code s} joins a run of simple statements: not when it reads or cuts back a tape's size,
         * which the index gives only between runs, once each has moved it.
         */
        private boolean inRun(Stmt s) {
            return isSimple(s) && droppedTo(s) == null && !readsSize(s);
        }

        /** {@code s} with its reads of a tape's size and its cut of one through the cursors' indexes. */
        private Stmt throughIndexes(Stmt s) {
            Cursor dropped = droppedTo(s);
            Substitution sizes = Substitution.ofInvocations(call -> {
                Cursor counted = sizeOf(call);
                return counted != null && tapes.contains(counted) ? Exprs.ref(counted.index()) : call;
            });
            if (dropped != null && tapes.contains(dropped)) {
                Expr mark = ((Expr.Invoke) ((Stmt.Evaluate) s).expression()).arguments().get(0);
                return new Stmt.Assign(dropped.index(), sizes.apply(mark), SourcePosition.NONE);
            }
            return readsSize(s) ? ExpressionMap.apply(s, sizes::apply) : s;
        }

        private void run(List<Stmt> run, List<Stmt> result) {
            // The pushes or pops of each tape in a row, the same way, by the index of their first statement.
            Map<Integer, List<TapeOp>> groups = new LinkedHashMap<>();
            Map<Cursor, List<TapeOp>> open = new IdentityHashMap<>();
            for (int i = 0; i < run.size(); i++) {
                TapeOp op = TapeOp.of(run.get(i), cursors);
                if (op == null || !tapes.contains(op.cursor())) {
                    continue;
                }
                List<TapeOp> group = open.get(op.cursor());
                if (group == null || group.get(0).push() != op.push()) {
                    group = new ArrayList<>();
                    open.put(op.cursor(), group);
                    groups.put(i, group);
                }
                group.add(op.at(i));
            }
            // By a statement's place in the run: its offset from the index, what comes before and after it.
            Map<Integer, Integer> offsets = new HashMap<>();
            Map<Integer, Stmt> before = new HashMap<>();
            Map<Integer, Stmt> after = new HashMap<>();
            groups.forEach((first, group) -> {
                Cursor c = group.get(0).cursor();
                int n = group.size();
                for (int k = 0; k < n; k++) {
                    offsets.put(group.get(k).place(), group.get(0).push() ? k : n - 1 - k);
                }
                if (group.get(0).push()) {
                    before.put(first, roomCheck(c, n));
                    after.put(group.get(n - 1).place(), moveIndex(c, BinaryOp.ADD, n));
                } else {
                    before.put(first, moveIndex(c, BinaryOp.SUB, n));
                }
            });
            for (int i = 0; i < run.size(); i++) {
                if (before.containsKey(i)) {
                    result.add(before.get(i));
                }
                result.add(offsets.containsKey(i) ? TapeOp.of(run.get(i), cursors).through(offsets.get(i)) : run.get(i));
                if (after.containsKey(i)) {
                    result.add(after.get(i));
                }
            }
        }
    }

    private static boolean isSimple(Stmt s) {
        return s instanceof Stmt.Declare || s instanceof Stmt.Assign || s instanceof Stmt.ArrayWrite
                || s instanceof Stmt.Evaluate || s instanceof Stmt.Comment;
    }
}
