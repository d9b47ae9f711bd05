package dev.adjoint.processor.analyze;

import dev.adjoint.processor.diagnostics.Diagnostics;
import dev.adjoint.processor.diagnostics.Message;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Function;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The loops that {@code @Differentiable(checkpoint = true)} may checkpoint: loops that, run a second
 * time from the same state, give exactly what they gave the first time, so that the adjoint sweep may
 * run a stretch again instead of keeping its records (the reverse stage's {@code CheckpointedLoops}).
 *
 * <p>A loop qualifies when no loop encloses it (an {@code if} or a {@code switch} may), ends by its
 * condition only, creates no array, calls nothing but {@code Math}'s and the number classes' methods
 * and {@code @Differentiable} methods that are themselves replayable, as their bodies show (another
 * method of the user's might answer differently the second time), changes only {@code double},
 * {@code float} and {@code int} variables and the elements of {@code double[]}, {@code double[][]} and
 * {@code int[]} arrays made before it (what a checkpoint holds), and reads nothing else that a
 * statement after it changes (the adjoint sweep restores only what the adjoints read). Takes the
 * method that asks for checkpoints; gives the loops that qualify, and an error on each outermost loop
 * that does not.
 */
public final class ReplayableLoops {

    /** What a checkpoint holds: numbers of the double and int tapes, and arrays of doubles and ints. */
    private static final Set<Type> CHECKPOINTED = Set.of(Type.DOUBLE, Type.FLOAT, Type.INT, new Type.Array(Type.DOUBLE),
            new Type.Array(new Type.Array(Type.DOUBLE)), new Type.Array(Type.INT));

    private static final List<String> NUMBER_CLASSES = List.of("Math", "StrictMath", "Double", "Float", "Integer",
            "Long");

    /** Why a loop does not qualify. */
    private record Refusal(SourcePosition position, Message message, Object... arguments) {
    }

    /**
     * Which {@code @Differentiable} methods a checkpointed loop may call: those whose every run with the
     * same arguments gives the same value, which only a method whose body can be read can show
     * ({@link #replayable(Function, Callees)}).
     */
    public interface Callees {
        boolean replayable(CallTarget target);
    }

    private final Callees callees;

    private ReplayableLoops(Callees callees) {
        this.callees = callees;
    }

    /**
     * Whether every run of {@code function} with the same arguments gives the same value: it calls
     * nothing but {@code Math}'s and the number classes' methods and methods {@code callees} accepts,
     * and makes no call for its effect. What a checkpointed loop may call.
     */
    public static boolean replayable(Function function, Callees callees) {
        ReplayableLoops loops = new ReplayableLoops(callees);
        boolean[] ok = {true};
        StatementWalker.forEachStatement(function.body(), s -> {
            ok[0] &= !(s instanceof Stmt.Evaluate);
            for (Expr e : StatementWalker.ownExpressions(s)) {
                StatementWalker.walk(e, x -> ok[0] &= loops.replayable(x));
            }
        });
        return ok[0];
    }

    /**
     * For {@code checkpoint = true}: the outermost loops of {@code function} that qualify, calling only
     * what {@code callees} accepts, and an error in {@code diagnostics} on each one that does not (or on
     * the method, when it has no loop).
     */
    public static Set<Stmt.Loop> check(Function function, Callees callees, Diagnostics diagnostics) {
        ReplayableLoops loops = new ReplayableLoops(callees);
        Set<Stmt.Loop> qualifying = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Refusal> refusals = new ArrayList<>();
        boolean[] any = {false};
        outermostLoops(function.body().statements(), List.of(), (loop, after) -> {
            any[0] = true;
            Refusal refusal = loops.refusal(loop, after);
            if (refusal == null) {
                qualifying.add(loop);
            } else {
                refusals.add(refusal);
            }
        });
        if (!any[0]) {
            refusals.add(new Refusal(SourcePosition.NONE, Message.CHECKPOINT_NO_LOOP, function.name()));
        }
        refusals.forEach(r -> diagnostics.error(r.position(), r.message(), r.arguments()));
        return qualifying;
    }

    /**
     * Each loop of {@code statements} that no loop encloses, with the statements that run after it: the
     * rest of its list, then {@code then}, what follows the list.
     */
    private static void outermostLoops(List<Stmt> statements, List<Stmt> then,
            BiConsumer<Stmt.Loop, List<Stmt>> visit) {
        for (int i = 0; i < statements.size(); i++) {
            List<Stmt> after = new ArrayList<>(statements.subList(i + 1, statements.size()));
            after.addAll(then);
            Stmt s = statements.get(i);
            if (s instanceof Stmt.Loop loop) {
                visit.accept(loop, after);
            } else if (s instanceof Stmt.If branch) {
                outermostLoops(branch.thenBranch().statements(), after, visit);
                outermostLoops(branch.elseBranch().statements(), after, visit);
            } else if (s instanceof Stmt.Block block) {
                // a for loop's block too: its initialisers, then the loop
                outermostLoops(block.statements(), after, visit);
            }
        }
    }

    /** Why {@code loop}, followed by the statements {@code after}, does not qualify; null when it does. */
    private Refusal refusal(Stmt.Loop loop, List<Stmt> after) {
        List<Refusal> found = new ArrayList<>();
        Set<Variable> declared = new HashSet<>();
        Set<Variable> changed = new LinkedHashSet<>();
        StatementWalker.forEachStatement(loop, s -> {
            SourcePosition at = s.position() == SourcePosition.NONE ? loop.position() : s.position();
            if (s instanceof Stmt.Break || s instanceof Stmt.BreakLabel) {
                found.add(new Refusal(at, Message.CHECKPOINT_JUMP, "a break"));
            } else if (s instanceof Stmt.Continue) {
                found.add(new Refusal(at, Message.CHECKPOINT_JUMP, "a continue"));
            } else if (s instanceof Stmt.Return) {
                found.add(new Refusal(at, Message.CHECKPOINT_JUMP, "a return"));
            } else if (s instanceof Stmt.ArrayWrite w) {
                changed.add(StatementWalker.arrayVariable(w.array()));
            } else if (s instanceof Stmt.Declare d && d.variable().type() instanceof Type.Array) {
                found.add(new Refusal(at, Message.CHECKPOINT_LOOP_ARRAY, d.variable().name()));
            } else if (s instanceof Stmt.Declare d) {
                declared.add(d.variable());
            } else if (s instanceof Stmt.Assign a) {
                changed.add(a.variable());
            }
            if (s instanceof Stmt.Evaluate e) {
                found.add(new Refusal(at, Message.CHECKPOINT_CALL, callName(e.expression())));
            }
            for (Expr e : StatementWalker.ownExpressions(s)) {
                StatementWalker.walk(e, x -> {
                    if (!replayable(x)) {
                        found.add(new Refusal(at, Message.CHECKPOINT_CALL, callName(x)));
                    }
                });
            }
        });
        if (!found.isEmpty()) {
            return found.get(0);
        }
        changed.removeAll(declared);
        for (Variable v : changed) {
            if (!CHECKPOINTED.contains(v.type())) {
                return new Refusal(loop.position(), Message.CHECKPOINT_STATE, v.name(), v.type());
            }
        }
        String changedAfter = changedAfter(loop, changed, after);
        return changedAfter == null ? null
                : new Refusal(loop.position(), Message.CHECKPOINT_CHANGED_AFTER, changedAfter);
    }

    /**
     * Whether evaluating {@code e} itself again gives the same value: no call but of number functions and
     * of the methods {@link #callees} accepts.
     */
    private boolean replayable(Expr e) {
        if (e instanceof Expr.Call call) {
            return numberFunction(call.target().owner(), call.target().name())
                    || call.target().differentiable() && callees.replayable(call.target());
        }
        if (e instanceof Expr.InvokeStatic call) {
            return numberFunction(call.owner(), call.name());
        }
        return !(e instanceof Expr.Invoke || e instanceof Expr.New);
    }

    /** Whether {@code owner.name} is a method of {@code Math} or a number class: a function of its arguments. */
    private static boolean numberFunction(Type.Named owner, String name) {
        return owner.packageName().equals("java.lang") && NUMBER_CLASSES.contains(owner.simpleNames().get(0))
                && !name.equals("random");
    }

    private static String callName(Expr e) {
        if (e instanceof Expr.Call call) {
            return call.target().name();
        }
        if (e instanceof Expr.Invoke call) {
            return call.name();
        }
        if (e instanceof Expr.InvokeStatic call) {
            return call.owner().simpleName() + "." + call.name();
        }
        return e instanceof Expr.New created ? "new " + created.type().simpleName() : String.valueOf(e);
    }

    /**
     * The name of a variable or array {@code loop} reads and does not change, which a statement
     * {@code after} it changes (an array through an element, or a call it is passed to); else null.
     */
    private static String changedAfter(Stmt.Loop loop, Set<Variable> changed, List<Stmt> after) {
        Set<Variable> read = new LinkedHashSet<>();
        StatementWalker.addVariables(loop, read);
        read.removeAll(changed);
        List<Variable> arrays = read.stream().filter(v -> v.type() instanceof Type.Array).toList();
        String[] name = {null};
        for (Stmt later : after) {
            StatementWalker.forEachStatement(later, s -> {
                if (name[0] != null) {
                    return;
                }
                if (s instanceof Stmt.Assign a && read.contains(a.variable())) {
                    name[0] = a.variable().name();
                } else if (s instanceof Stmt.ArrayWrite w
                        && arrays.contains(StatementWalker.arrayVariable(w.array()))) {
                    name[0] = StatementWalker.arrayVariable(w.array()).name();
                } else if (!arrays.isEmpty() && (s instanceof Stmt.Evaluate
                        || StatementWalker.ownExpressions(s).stream().anyMatch(ReplayableLoops::passesArray))) {
                    name[0] = arrays.get(0).name();
                }
            });
        }
        return name[0];
    }

    /** Whether {@code e} passes an array to a call that might write into it. */
    private static boolean passesArray(Expr e) {
        boolean[] passes = {false};
        StatementWalker.walk(e, x -> {
            List<Expr> arguments = x instanceof Expr.Invoke call ? call.arguments()
                    : x instanceof Expr.InvokeStatic call ? call.arguments()
                    : x instanceof Expr.New call ? call.arguments() : List.of();
            passes[0] |= arguments.stream().anyMatch(a -> a.type() instanceof Type.Array);
        });
        return passes[0];
    }
}
