package dev.adjoint.processor.emit;

import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A method whose loops record on the thread's tapes takes its records back when it fails: a throw guard
 * of the user's, an index out of bounds, a callee's failure. Without it the records stay on the thread's
 * tapes; the next gradient works above them and is right, but a caller that catches the failure and
 * carries on (a line search stepping out of a function's domain, a server's next request) keeps them,
 * and their memory, for every failure until {@code Tapes.release()}:
 *
 * <pre>{@code
 * DoubleStack doubleTape = DoubleStack.forThisThread();
 * int doublesAtStart = doubleTape.size();
 * try {
 *     ... both sweeps ...
 * } catch (Throwable failure) {
 *     doubleTape.setSize(doublesAtStart);
 *     throw failure;
 * }
 * }</pre>
 *
 * <p>Each method takes back only its own records, from its own start: a callee's core that fails drops
 * what it recorded on the tape its caller gave it, the caller what it recorded before the call. A method
 * that only pops, or pushes its partials as its last act (a callee's core without loops), needs no
 * guard, so loop-free gradients keep their size (and their place under the JIT's inlining limits).
 * The catch rethrows what it caught: the method throws what it threw before.
 */
final class TakeBackOnFailure {

    /**
     * A method as printed: {@code method}'s first {@code unguarded} statements (its leading declarations,
     * its tapes and their sizes at the start), then, when {@code onFailure} is not empty, the rest in a
     * {@code try} whose {@code catch} runs {@code onFailure} and rethrows.
     */
    record Body(MethodDef method, int unguarded, List<Stmt> onFailure) {

        /** The statements before the {@code try}. */
        List<Stmt> before() {
            return method.body().statements().subList(0, unguarded);
        }

        /** The statements in the {@code try}. */
        List<Stmt> guarded() {
            return method.body().statements().subList(unguarded, method.body().statements().size());
        }
    }

    private TakeBackOnFailure() {
    }

    /** {@code def}, guarded when it records on a tape of the thread's in a loop. */
    static Body of(MethodDef def) {
        List<Variable> tapes = threadTapes(def);
        if (tapes.isEmpty() || !records(def.body(), tapes)) {
            return new Body(def, 0, List.of());
        }
        // Before the try: the tapes (taking one has no effect to reorder) and the declarations that lead.
        List<Stmt> before = new ArrayList<>();
        List<Stmt> guarded = new ArrayList<>();
        boolean leading = true;
        for (Stmt s : def.body().statements()) {
            boolean declaresTape = s instanceof Stmt.Declare d && tapes.contains(d.variable());
            leading &= declaresTape || s instanceof Stmt.Declare d && d.init() == null;
            (leading || declaresTape ? before : guarded).add(s);
        }
        return guarded(def, tapes, Map.of(), before, guarded);
    }

    /**
     * {@code main}, the method that calls the parts of {@code whole} ({@link SplitLongMethods}), guarded
     * on the tapes {@code whole} would be guarded on and on the tape that holds the parts' frame: taken
     * before the calls, their sizes at the start are set back when one of the calls fails.
     */
    static Body ofParts(MethodDef whole, MethodDef main) {
        List<Variable> tapes = new ArrayList<>();
        for (Variable tape : threadTapes(main)) {
            if (records(main.body(), List.of(tape))) {
                tapes.add(tape);
            }
        }
        List<Variable> wholeTapes = threadTapes(whole);
        if (records(whole.body(), wholeTapes)) {
            wholeTapes.stream().filter(t -> !tapes.contains(t)).forEach(tapes::add);
        }
        if (tapes.isEmpty()) {
            return new Body(main, 0, List.of());
        }
        List<Stmt> before = new ArrayList<>();
        Set<Variable> declared = Collections.newSetFromMap(new IdentityHashMap<>());
        for (List<Stmt> statements : List.of(main.body().statements(), whole.body().statements())) {
            for (Stmt s : statements) {
                if (s instanceof Stmt.Declare d && tapes.contains(d.variable()) && declared.add(d.variable())) {
                    before.add(s);
                }
            }
        }
        // The frame's start, the tape's size before the parts ran, is what a failure sets it back to.
        Map<Variable, Variable> sizesAtStart = new IdentityHashMap<>();
        for (Stmt s : main.body().statements()) {
            if (s instanceof Stmt.Declare d && d.init() instanceof Expr.Invoke call && call.name().equals("size")
                    && call.receiver() instanceof Expr.Ref tape && tapes.contains(tape.variable())
                    && sizesAtStart.putIfAbsent(tape.variable(), d.variable()) == null) {
                before.add(s);
            }
        }
        List<Stmt> guarded = main.body().statements().stream().filter(s -> !before.contains(s)).toList();
        return guarded(main, tapes, sizesAtStart, before, guarded);
    }

    /**
     * {@code def} as {@code before}, each tape's size at the start (where {@code before} has not taken it
     * already, in {@code sizesAtStart}), then {@code guarded} in the try.
     */
    private static Body guarded(MethodDef def, List<Variable> tapes, Map<Variable, Variable> sizesAtStart,
            List<Stmt> before, List<Stmt> guarded) {
        List<Stmt> statements = new ArrayList<>(before);
        List<Stmt> onFailure = new ArrayList<>();
        onFailure.add(new Stmt.Comment("Take back what was recorded: a caller who catches the failure keeps none of it",
                null));
        for (Variable tape : tapes) {
            Variable atStart = sizesAtStart.get(tape);
            if (atStart == null) {
                atStart = Variable.generated(elementOf(tape) + "sAtStart", Type.INT);
                statements.add(new Stmt.Declare(atStart, RuntimeTypes.size(tape), SourcePosition.NONE));
            }
            onFailure.add(new Stmt.Evaluate(RuntimeTypes.setSize(tape, new Expr.Ref(atStart))));
        }
        int unguarded = statements.size();
        statements.addAll(guarded);
        return new Body(new MethodDef(def.name(), def.returnType(), def.parameters(), new Stmt.Block(statements),
                def.javadoc()), unguarded, onFailure);
    }

    /** The thread's tapes {@code def} uses: declared from {@code forThisThread()}, or given as parameters. */
    private static List<Variable> threadTapes(MethodDef def) {
        List<Variable> tapes = new ArrayList<>();
        def.parameters().stream().filter(TakeBackOnFailure::isTape).forEach(tapes::add);
        for (Stmt s : def.body().statements()) {
            if (s instanceof Stmt.Declare d && isTape(d.variable()) && RuntimeTypes.isThreadTape(d.init())) {
                tapes.add(d.variable());
            }
        }
        return tapes;
    }

    private static boolean isTape(Variable v) {
        return RuntimeTypes.stackElement(v.type()) != null;
    }

    /**
     * Whether {@code body} records on one of {@code tapes}: pushes in a loop, or sets a tape's size (a loop
     * that writes the tape's array itself hands its index back that way, as a checkpointed loop cuts).
     */
    private static boolean records(Stmt.Block body, List<Variable> tapes) {
        Set<Stmt> inLoops = Collections.newSetFromMap(new IdentityHashMap<>());
        StatementWalker.forEachStatement(body, s -> {
            if (s instanceof Stmt.Loop loop) {
                StatementWalker.forEachStatement(loop, inLoops::add);
            }
        });
        boolean[] found = {false};
        StatementWalker.forEachStatement(body, s -> {
            for (Expr own : StatementWalker.ownExpressions(s)) {
                StatementWalker.walk(own, e -> found[0] |= e instanceof Expr.Invoke call
                        && call.receiver() instanceof Expr.Ref tape && tapes.contains(tape.variable())
                        && (call.name().equals("setSize") || call.name().equals("push") && inLoops.contains(s)));
            }
        });
        return found[0];
    }

    private static String elementOf(Variable tape) {
        Type element = RuntimeTypes.stackElement(tape.type());
        return element == Type.OBJECT ? "object" : element.toString();
    }
}
