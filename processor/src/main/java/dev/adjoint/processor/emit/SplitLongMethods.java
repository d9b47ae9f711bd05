package dev.adjoint.processor.emit;

import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.BinaryOp;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.NestedLists;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javax.lang.model.element.Modifier;

/**
 * A generated method too long for the JIT, split into parts it compiles. HotSpot leaves a method of more
 * than 8000 bytes of bytecode ({@code HugeMethodLimit}) to the interpreter however often it runs; a
 * derivative has several times its method's bytecode, so the gradient of a method of a hundred dense
 * statements ran interpreted while the method itself was compiled. Such a method becomes its consecutive
 * parts, called in turn, with the values one part leaves for a later one on the thread's double tape
 * (and the objects, where there are, on its object tape):
 *
 * <pre>{@code
 * public static MGradient mGradient(double x, double y) {
 *     DoubleStack doubleTape = DoubleStack.forThisThread();
 *     int frameStart = doubleTape.size();
 *     doubleTape.room(doubleTape.values(), frameStart, 212);
 *     doubleTape.setSize(frameStart + 212);
 *     mGradientPart1(x, y, frameStart);
 *     mGradientPart2(x, y, frameStart);
 *     MGradient result = mGradientPart3(x, y, frameStart);
 *     doubleTape.remove(frameStart, 212);
 *     return result;
 * }
 * }</pre>
 *
 * <p>Each part takes the method's arguments and where its frames start on the tapes. It starts by
 * reading from the tapes' arrays the variables it uses that an earlier part declared (or assigned, for
 * a parameter), and ends by writing there those it declared or assigned that a later part uses; every
 * such variable has a slot of its own: one a {@code double} holds exactly ({@code double},
 * {@code float}, {@code int}, {@code char}, {@code boolean}; a {@code long} in two) in the double frame,
 * an object (an array, its adjoint, a callee's record) in the object frame, cast back to its type where
 * it is read. A parameter the method never assigns is passed to every part, and an object computed from
 * such parameters (a thread's tape, an alias of an argument) is declared again. A part ends only
 * between two statements of the method's body, never inside a loop or a branch, and only where each
 * variable live across the end surely has its value. Only the last part returns, but in a method
 * returning a {@code double} or a {@code Dual} (a forward sweep, a tangent function), where a part
 * before the last that holds returns leaves the returned value (and tangent) in the frame and returns
 * true, and the method calling the parts returns it. Where the body's statements give no such places
 * close enough together, its long branches and labelled blocks are opened into groups of their
 * statements first ({@link UnnestLongStatements}); where a loop is still longer than a part, its body
 * runs in parts of its own, called on each iteration ({@link OutlineLongLoops}), their values in the same
 * frame, each variable in one slot wherever it passes ({@link FrameSpace}). Only where a loop's body may
 * leave it otherwise than by its condition (a {@code break}, a {@code continue}, a {@code return}) does
 * the loop end up in a part over the JIT's limit, which the interpreter runs while the JIT compiles the
 * others (and which keeps the method under the JVM's limit of 64 KB where the whole would not be). The
 * split is layout, never a change of what is computed, bit for bit.
 *
 * <p>Where the method records on the thread's tapes in loops, the method calling the parts takes back
 * what they recorded when one of them fails, as the whole method would have ({@link TakeBackOnFailure}).
 *
 * <p>The price is a write and a read per value passed on, and the tapes' capacity (eight bytes a value,
 * kept by the thread as the tapes' is; an object's entry is cleared when the frame is given back):
 * nothing is allocated per call, so a loop-free gradient still allocates only its result, and
 * {@code fGradientInto} nothing.
 */
public final class SplitLongMethods {

    /** HotSpot's {@code HugeMethodLimit}: the JIT compiles no method with more bytes of bytecode. */
    static final int JIT_LIMIT = 8000;
    /** What one part may hold by the estimate, which is an upper bound: under the limit with room to spare. */
    static final int PART_LIMIT = 7000;
    /**
     * What a group of a long statement's inner statements holds ({@link UnnestLongStatements}): a part
     * holds several, so that the parts come close to their limit.
     */
    private static final int GROUP_LIMIT = PART_LIMIT / 4;
    /** The estimated bytes of one read from the frame or write to it, its index and conversion included. */
    private static final int FRAME_ACCESS = 12;

    /**
     * The method as its callers call it, which reserves the frames and calls the parts; its parts; the
     * frames, on the double tape and on the object tape (none when nothing passes from one part to
     * another); and the variables that hold a value a
     * part returns, which only the parts declare ({@link HandBackReturns}); and the method as the parts
     * divide it, its long statements opened where it took that ({@link UnnestLongStatements}).
     */
    record Split(MethodDef main, List<MethodDef> parts, List<Frame> frames, List<Variable> handedBack, MethodDef whole) {
    }

    private final MethodDef method;
    /** The method as its parts compute it: {@link #method} before its long loops' bodies were outlined. */
    private final MethodDef whole;
    /** Where the parts keep what they pass on, shared with the parts of the method's long loops' bodies. */
    private final FrameSpace space;
    /** Where this splits the body of a long loop of the method, that loop; null for the method's own body. */
    private final OutlineLongLoops.LoopBody loop;
    /** The statements of the body that stand for a loop whose body runs in parts of its own, by index. */
    private final Map<Integer, OutlineLongLoops.OutlinedLoop> outlined;
    /** The first statement a part may end after: the declaration of the tape the frame is on, where it is one. */
    private final int firstEnd;
    private final List<Stmt> statements;
    /** Per statement of the body: its estimated bytecode, the statements nested in it included. */
    private final int[] bytes;
    /** Per statement of the body: the variables it (or a statement in it) reads, declares or assigns. */
    private final List<Set<Variable>> mentioned = new ArrayList<>();
    /** Per statement of the body: the variables it (or a statement in it) declares or assigns. */
    private final List<Set<Variable>> written = new ArrayList<>();
    /**
     * Where a variable starts to live at the body's level: the statement declaring a local there, the
     * first statement assigning a parameter. Locals declared only inside a statement have none: their
     * scope ends with it. A parameter never assigned has none either: each part is passed it.
     */
    private final Map<Variable, Integer> born = new IdentityHashMap<>();
    /** The statements mentioning each variable, in order. */
    private final Map<Variable, List<Integer>> mentions = new IdentityHashMap<>();
    /**
     * Per statement of the body: the variables it gives a value without reading them first, a declaration
     * or an assignment at the body's level whose value does not read the variable. A value that such a
     * statement meets next is dead: the tape's cursors between the loops that use them.
     */
    private final List<Set<Variable>> overwritten = new ArrayList<>();
    /**
     * Objects a later part declares again as the method did, which cannot pass through the frame: a
     * thread's tape, an alias of an argument ({@code double[] wAdj = w == null ? null : dW}). Declared at
     * the body's level, never assigned, computed from parameters the method never assigns.
     */
    private final Map<Variable, Stmt.Declare> redeclared = new IdentityHashMap<>();
    /**
     * For a local declared without a value at the body's level ({@code double xAdj;}, then assigned in
     * each branch of an {@code if}): the first statement that may assign it, before which a later part
     * declares it again without a value; and the first that surely does, before which (from the first)
     * no part may end, as Java would not consider it assigned where the part writes it to the frame.
     */
    private final Map<Variable, Integer> mayBeAssignedFrom = new IdentityHashMap<>();
    private final Map<Variable, Integer> surelyAssignedFrom = new IdentityHashMap<>();
    /**
     * Values a later part declares again as the method did, where they pass from one part to another
     * before anything assigns them: a local declared at the body's level with a literal ({@code double
     * aAdj = 0.0;}, the locals reverse mode declares before the labelled block of its forward sweep).
     */
    private final Map<Variable, Stmt.Declare> literalDeclarations = new IdentityHashMap<>();
    /** For such a local, the first statement after its declaration that may assign it. */
    private final Map<Variable, Integer> firstAssigned = new IdentityHashMap<>();
    /** The first statement holding a return: it and those after it are in the last part, unless parts may return. */
    private final int firstReturn;
    /** Per statement of the body: whether a return is in it. */
    private final List<Boolean> returnsIn = new ArrayList<>();
    /**
     * Whether a part before the last may hold a return: a method returning a {@code double} or a
     * {@code Dual} (a forward sweep), whose part hands the returned value back through the frame.
     */
    private final boolean partsMayReturn;
    /**
     * Per statement of the body: the variables whose value passes through the frame where a part ends
     * after it (they live across its end, and {@link #inFrame} there), a bit each by {@link #bitOf};
     * made when {@link #ends} first asks, which counts them among a part's writes at each statement.
     */
    private long[][] passedOnAfter;
    /** A bit for each variable that starts to live at the body's level: the variables {@link #passedOnAfter} holds. */
    private final Map<Variable, Integer> bitOf = new IdentityHashMap<>();

    private SplitLongMethods(MethodDef method, MethodDef whole, FrameSpace space, OutlineLongLoops.LoopBody loop,
            Map<Integer, OutlineLongLoops.OutlinedLoop> outlined) {
        this.method = method;
        this.outlined = outlined;
        this.whole = whole;
        this.space = space;
        this.loop = loop;
        this.statements = method.body().statements();
        this.bytes = BytecodeEstimate.ofStatements(method);
        Stmt.Declare tapeDeclaration = space.doubles() == null ? null : space.doubles().declaration();
        this.firstEnd = Math.max(0, statements.indexOf(tapeDeclaration));
        Set<Variable> assignedParameters = new LinkedHashSet<>();
        StatementWalker.forEachStatement(method.body(), s -> {
            if (s instanceof Stmt.Assign a && method.parameters().contains(a.variable())) {
                assignedParameters.add(a.variable());
            }
        });
        for (int i = 0; i < statements.size(); i++) {
            Stmt statement = statements.get(i);
            Set<Variable> writes = StatementWalker.declaredOrAssigned(statement);
            boolean[] returnsHere = {false};
            StatementWalker.forEachStatement(statement, s -> returnsHere[0] |= s instanceof Stmt.Return);
            Set<Variable> here = StatementWalker.mentioned(statement);
            mentioned.add(here);
            written.add(writes);
            for (Variable v : here) {
                mentions.computeIfAbsent(v, k -> new ArrayList<>()).add(i);
            }
            overwritten.add(statement instanceof Stmt.Declare d ? Set.of(d.variable())
                    : statement instanceof Stmt.Assign a && !StatementWalker.reads(a.value(), a.variable())
                    ? Set.of(a.variable()) : Set.of());
            for (Variable v : writes) {
                if (method.parameters().contains(v)) {
                    born.putIfAbsent(v, i);
                    mayBeAssignedFrom.putIfAbsent(v, i);
                }
                if (born.containsKey(v) && born.get(v) < i) {
                    firstAssigned.putIfAbsent(v, i);
                    redeclared.remove(v);
                    mayBeAssignedFrom.putIfAbsent(v, i);
                }
            }
            for (Map.Entry<Variable, Integer> unassigned : surelyAssignedFrom.entrySet()) {
                if (unassigned.getValue() == Integer.MAX_VALUE && surelyAssigns(statement, unassigned.getKey())) {
                    unassigned.setValue(i);
                }
            }
            if (statement instanceof Stmt.Declare d) {
                born.putIfAbsent(d.variable(), i);
                if (d.init() == null) {
                    surelyAssignedFrom.put(d.variable(), Integer.MAX_VALUE);
                } else {
                    mayBeAssignedFrom.put(d.variable(), i);
                    if (!fitsInADouble(d.variable().type()) && computedFromArguments(d.init(), assignedParameters)) {
                        redeclared.put(d.variable(), d);
                    } else if (d.init() instanceof Expr.Literal) {
                        literalDeclarations.put(d.variable(), d);
                    }
                }
            }
            returnsIn.add(returnsHere[0]);
        }
        born.keySet().forEach(v -> bitOf.put(v, bitOf.size()));
        this.firstReturn = returnsIn.contains(true) ? returnsIn.indexOf(true) : statements.size();
        this.partsMayReturn = method.returnType().equals(RuntimeTypes.DUAL) || method.returnType() == Type.DOUBLE;
    }

    /**
     * {@code method} in parts, when its estimated bytecode is over the JIT's limit and it has places to
     * end parts close enough together; calls of the parts name {@code owner}, the generated class.
     */
    static Optional<Split> of(MethodDef method, Type.Named owner) {
        if (BytecodeEstimate.of(TakeBackOnFailure.of(method)) <= JIT_LIMIT) {
            return Optional.empty();
        }
        return layout(method, new FrameSpace(), null, owner).map(layout -> layout.split().write(layout.ends(), owner));
    }

    /**
     * The statements that run the body of {@code loop}, {@code body} (its statements, and as parameters
     * the method's that the body does not assign), in parts: each part's call, the parts added to
     * {@code space}; empty where the body has no places to end parts.
     */
    static Optional<List<Stmt>> loopBody(MethodDef body, FrameSpace space, OutlineLongLoops.LoopBody loop,
            Type.Named owner) {
        return layout(body, space, loop, owner).map(layout -> {
            space.laidOut(loop.statement(), layout.split().whole.body());
            return layout.split().writeBody(layout.ends(), owner);
        });
    }

    /** A method laid out for its parts, and the last statement of each part but the last. */
    private record Layout(SplitLongMethods split, List<Integer> ends) {
    }

    /**
     * Where the parts of {@code method} (or, given {@code loop}, of that loop's body) end: between the
     * statements of the body as written; else between those of its long branches and labelled blocks,
     * opened ({@link UnnestLongStatements}); else with the bodies of its long loops outlined into parts
     * of their own ({@link OutlineLongLoops}); and where none of these gives parts within the JIT's
     * limit, with a part over it where a statement longer than a part stands.
     */
    private static Optional<Layout> layout(MethodDef method, FrameSpace space, OutlineLongLoops.LoopBody loop,
            Type.Named owner) {
        // One part is no split, but for a loop's body, which runs in a part of its own all the same
        Predicate<List<Integer>> parts = ends -> loop != null || !ends.isEmpty();
        SplitLongMethods laidOut = new SplitLongMethods(method, method, space, loop, Map.of());
        Optional<List<Integer>> ends = laidOut.ends(false).filter(parts);
        if (ends.isEmpty()) {
            // Parts may end between statements of the body only: a long branch's or labelled block's, in groups
            Optional<MethodDef> unnested = UnnestLongStatements.of(method, GROUP_LIMIT);
            if (unnested.isPresent()) {
                laidOut = new SplitLongMethods(unnested.get(), unnested.get(), space, loop, Map.of());
                ends = laidOut.ends(false).filter(parts);
            }
        }
        if (ends.isEmpty()) {
            FrameSpace.Mark before = space.mark();
            Optional<OutlineLongLoops.Outlined> outlined = OutlineLongLoops.of(laidOut, owner);
            if (outlined.isPresent()) {
                // Where the rest fits in one part, that part holds the loops, for the frame to be reserved around it
                SplitLongMethods withLoops = new SplitLongMethods(outlined.get().method(), laidOut.method, space, loop,
                        outlined.get().loops());
                ends = withLoops.ends(false).or(() -> withLoops.ends(true));
                if (ends.isPresent()) {
                    return Optional.of(new Layout(withLoops, ends.get()));
                }
            }
            space.reset(before);
            // A statement longer than a part that cannot be opened nor outlined: a part of its own, over the
            // JIT's limit, so that the rest is compiled and the method stays under the JVM's limit where it can
            ends = laidOut.ends(true).filter(parts);
        }
        SplitLongMethods split = laidOut;
        return ends.map(e -> new Layout(split, e));
    }

    /**
     * The estimated bytecode of the longest method {@code method} is printed as: itself, or where it is
     * split, its longest part. What must stay under the JVM's limit for one method.
     */
    public static int longestEstimate(MethodDef method) {
        // The class the parts' calls name does not change their size.
        return of(method, Type.Named.of("", "Parts")).map(split -> {
            int longest = BytecodeEstimate.of(TakeBackOnFailure.ofParts(split.whole(), split.main()));
            for (MethodDef part : split.parts()) {
                longest = Math.max(longest, BytecodeEstimate.of(part));
            }
            return longest;
        }).orElseGet(() -> BytecodeEstimate.of(TakeBackOnFailure.of(method)));
    }

    /**
     * The methods that print {@code method}: itself, printed by {@code print} as {@link TakeBackOnFailure}
     * guards it; or, when it is split, its main method printed by {@code print}, guarded as the method
     * would be, and its parts.
     *
     * @param naming what the printing of {@code method} does to its names, which the parts' share
     */
    static List<MethodSpec> print(MethodDef method, Type.Named owner, UnaryOperator<Names> naming,
            Function<TakeBackOnFailure.Body, MethodSpec> print) {
        Optional<Split> split = of(method, owner);
        if (split.isEmpty()) {
            return List.of(print.apply(TakeBackOnFailure.of(method)));
        }
        List<MethodSpec> methods = new ArrayList<>();
        methods.add(print.apply(TakeBackOnFailure.ofParts(split.get().whole(), split.get().main())));
        // One name per variable across the parts: the names the whole method would give, the frame's too.
        List<MethodDef> parts = split.get().parts();
        List<Stmt> laidOut = split.get().whole().body().statements();
        List<Stmt> whole = new ArrayList<>();
        for (Frame frame : split.get().frames()) {
            if (frame.declaration() != null && !laidOut.contains(frame.declaration())) {
                whole.add(frame.declaration());
            }
            whole.add(new Stmt.Declare(frame.array(), null, SourcePosition.NONE));
        }
        split.get().handedBack().forEach(v -> whole.add(new Stmt.Declare(v, null, SourcePosition.NONE)));
        whole.addAll(laidOut);
        Names names = naming.apply(Names.of(new MethodDef(method.name(), method.returnType(),
                parts.get(0).parameters(), new Stmt.Block(whole), List.of())));
        for (MethodDef part : parts) {
            methods.add(printPart(part, split.get().frames(), names));
        }
        return methods;
    }

    /**
     * A part: its Javadoc is what it is a part of, then what each parameter that is not a frame's start
     * holds, after the word {@code @param} and its name.
     */
    private static MethodSpec printPart(MethodDef part, List<Frame> frames, Names names) {
        MethodSpec.Builder method = MethodSpec.methodBuilder(part.name())
                .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                .returns(JavaTypes.of(part.returnType()))
                .addJavadoc("$L\n\n", part.javadoc().get(0));
        for (Variable p : part.parameters()) {
            method.addParameter(ParameterSpec.builder(JavaTypes.of(p.type()), names.of(p)).build());
            Optional<Frame> frame = frames.stream().filter(f -> f.start() == p).findFirst();
            if (frame.isPresent()) {
                boolean objects = frame.get().holdsObjects();
                method.addJavadoc("@param $L where on the thread's $L tape the $L one part leaves for\n"
                        + "    another start, a slot each\n", names.of(p), objects ? "object" : "double",
                        objects ? "objects" : "values");
            } else {
                method.addJavadoc("@param $L $L\n", names.of(p), part.javadoc().get(1));
            }
        }
        if (part.returnType() != Type.VOID) {
            method.addJavadoc("@return what {@link #$L} returns\n", part.javadoc().get(2));
        }
        return method.addCode(new StatementPrinter(names).body(part.body())).build();
    }

    /**
     * Whether {@code v}'s value lives across the end of statement {@code i}: declared by then, and the next
     * statement mentioning it may read it.
     */
    private boolean livesAcross(Variable v, int i) {
        Integer from = born.get(v);
        if (from == null || from > i) {
            return false;
        }
        int next = nextMention(v, i);
        return next >= 0 && !overwritten.get(next).contains(v);
    }

    /** The first statement after statement {@code i} mentioning {@code v}, or -1. */
    private int nextMention(Variable v, int i) {
        List<Integer> at = mentions.get(v);
        int k = Collections.binarySearch(at, i + 1);
        int index = k >= 0 ? k : -k - 1;
        return index < at.size() ? at.get(index) : -1;
    }

    /** Whether {@code v}'s value passes through the frame where it lives across the end of statement {@code i}. */
    private boolean inFrame(Variable v, int i) {
        return i >= inFrameFrom(v);
    }

    /**
     * The first statement after whose end {@code v}'s value passes through the frame: one that may have
     * given it a value, and for a local declared with a literal, which a later part declares again, one
     * that may have assigned it; none (the largest int) for an object declared again. (Before the
     * statement that declares it, or first assigns a parameter, no statement may have given it a value.)
     */
    private int inFrameFrom(Variable v) {
        if (redeclared.containsKey(v)) {
            return Integer.MAX_VALUE;
        }
        int valued = mayBeAssignedFrom.getOrDefault(v, Integer.MAX_VALUE);
        return literalDeclarations.containsKey(v) ? Math.max(valued, firstAssigned.getOrDefault(v, Integer.MAX_VALUE))
                : valued;
    }

    /** Whether {@code v} holds the literal it was declared with at the end of statement {@code i}. */
    private boolean stillItsLiteral(Variable v, int i) {
        return literalDeclarations.containsKey(v) && born.get(v) <= i
                && firstAssigned.getOrDefault(v, Integer.MAX_VALUE) > i;
    }

    /**
     * {@link #passedOnAfter}, made: a variable lives across the end of each statement from where it is
     * born up to its last mention but one, where the mention after may read it, and passes through the
     * frame there from {@link #inFrameFrom} on.
     */
    private long[][] passedOnAfter() {
        if (passedOnAfter == null) {
            passedOnAfter = new long[statements.size()][(bitOf.size() + 63) / 64];
            for (Map.Entry<Variable, Integer> life : born.entrySet()) {
                Variable v = life.getKey();
                List<Integer> at = mentions.get(v);
                int bit = bitOf.get(v);
                int from = Math.max(life.getValue(), inFrameFrom(v));
                for (int k = 0; k + 1 < at.size(); k++) {
                    if (overwritten.get(at.get(k + 1)).contains(v)) {
                        continue;
                    }
                    for (int i = Math.max(at.get(k), from); i < at.get(k + 1); i++) {
                        passedOnAfter[i][bit >> 6] |= 1L << bit;
                    }
                }
            }
        }
        return passedOnAfter;
    }

    /** How many of the variables with a bit in {@code variables} pass through the frame after statement {@code i}. */
    private int passedOnAfter(long[] variables, int i) {
        long[] passed = passedOnAfter()[i];
        int count = 0;
        for (int w = 0; w < passed.length; w++) {
            count += Long.bitCount(passed[w] & variables[w]);
        }
        return count;
    }

    /**
     * Whether a part may end after each statement: before the first return (unless parts may return),
     * and where each variable living across with a value surely has it.
     */
    private boolean[] placesToEnd() {
        int n = statements.size();
        int[] blocked = new int[n + 1];
        for (Map.Entry<Variable, Integer> life : born.entrySet()) {
            Variable v = life.getKey();
            if (redeclared.containsKey(v)) {
                continue;
            }
            int valued = Math.max(life.getValue(), mayBeAssignedFrom.getOrDefault(v, Integer.MAX_VALUE));
            int unsure = surelyAssignedFrom.getOrDefault(v, -1);
            List<Integer> at = mentions.get(v);
            for (int k = 0; k + 1 < at.size(); k++) {
                // between two mentions, when the second may read the value
                if (at.get(k) < life.getValue() || overwritten.get(at.get(k + 1)).contains(v)) {
                    continue;
                }
                int from = Math.max(at.get(k), valued);
                int until = Math.min(at.get(k + 1), unsure);
                if (from < until) {
                    blocked[from]++;
                    blocked[until]--;
                }
            }
        }
        boolean[] places = new boolean[n];
        int open = 0;
        for (int i = 0; i < n; i++) {
            open += blocked[i];
            places[i] = open == 0 && (i < firstReturn || partsMayReturn) && i >= firstEnd;
        }
        return places;
    }

    /**
     * The last statement of each part but the last, filled greedily up to {@link #PART_LIMIT} (none, where
     * one part holds them all); empty when a part cannot end in time (a statement longer than a part, or
     * no place to end one), unless {@code overLimit}, where such a part runs on to the first place after
     * it can end, over the limit.
     */
    private Optional<List<Integer>> ends(boolean overLimit) {
        boolean[] places = placesToEnd();
        List<Integer> ends = new ArrayList<>();
        int n = statements.size();
        int start = 0;
        while (true) {
            int size = 0;
            int lastPlace = -1;
            Set<Variable> reads = new LinkedHashSet<>();
            Set<Variable> writes = new LinkedHashSet<>();
            // the writes again, a bit each where they may live across a part's end; those the loop's frame keeps
            long[] writeBits = new long[(bitOf.size() + 63) / 64];
            int residentStores = 0;
            boolean rest = false;
            // an outlined loop's writes before it and reads back after it, as the part will keep them
            Set<Variable> readBack = new LinkedHashSet<>();
            int transfers = 0;
            for (int e = start; e < n; e++) {
                OutlineLongLoops.OutlinedLoop loopHere = outlined.get(e);
                size += loopHere == null ? bytes[e] : loopHere.bytes();
                for (Variable v : loopHere == null ? mentioned.get(e) : loopHere.uses()) {
                    transfers += readBack.remove(v) ? 1 : 0;
                    // a literal declared again costs about what a read does
                    if (start > 0 && (livesAcross(v, start - 1) && inFrame(v, start - 1) || stillItsLiteral(v, start - 1))
                            || resident(v)) {
                        reads.add(v);
                    }
                }
                if (loopHere != null) {
                    Set<Variable> readsAfter = new LinkedHashSet<>(loopHere.readsAfter().keySet());
                    for (Variable v : loopHere.writesBefore().keySet()) {
                        if (!heldAtStart(v, start) || writes.contains(v)) {
                            transfers++;
                            // in a branch, what the loop may not leave in the frame is read back
                            if (loopHere.guard() != null && readsAfter.remove(v)) {
                                transfers++;
                            }
                        }
                    }
                    readBack.addAll(readsAfter);
                }
                for (Variable v : loopHere == null ? written.get(e) : loopHere.assigns()) {
                    if (writes.add(v)) {
                        Integer bit = bitOf.get(v);
                        if (bit != null) {
                            writeBits[bit >> 6] |= 1L << bit;
                        }
                        residentStores += resident(v) ? 1 : 0;
                    }
                }
                int stores = passedOnAfter(writeBits, e);
                boolean over = size + FRAME_ACCESS * (reads.size() + transfers + residentStores + (e == n - 1 ? 0 : stores))
                        > PART_LIMIT;
                if (over && (lastPlace >= start || !overLimit)) {
                    break;
                }
                if (e == n - 1) {
                    rest = true;
                } else if (places[e]) {
                    lastPlace = e;
                    if (over) {
                        break;
                    }
                }
            }
            if (rest) {
                return Optional.of(ends);
            }
            if (lastPlace < start) {
                return Optional.empty();
            }
            ends.add(lastPlace);
            start = lastPlace + 1;
        }
    }

    /** The method calling the parts and the parts, which end after the statements {@code ends}. */
    private Split write(List<Integer> ends, Type.Named owner) {
        Map<Variable, Integer> slots = slots(ends);
        // Slots more for what a part before the last returns: a double, or a Dual's value and tangent.
        boolean partsReturn = false;
        for (int k = 0, start = 0; k < ends.size(); start = ends.get(k) + 1, k++) {
            partsReturn |= returnsIn.subList(start, ends.get(k) + 1).contains(true);
        }
        int returned = partsReturn ? space.allocateDoubles(method.returnType() == Type.DOUBLE ? 1 : 2) : -1;
        List<Frame> frames = space.reserved(() -> frame(ends.isEmpty() ? statements.size() - 1 : ends.get(0)));
        Frame frame = frames.stream().filter(f -> !f.holdsObjects()).findFirst().orElse(null);
        boolean objects = frames.stream().anyMatch(Frame::holdsObjects);
        List<Variable> handedBack = new ArrayList<>();
        List<Variable> partParameters = new ArrayList<>(method.parameters());
        frames.forEach(f -> partParameters.add(f.start()));
        List<Expr> arguments = partParameters.stream().<Expr>map(v -> new Expr.Ref(v, SourcePosition.NONE)).toList();
        int count = ends.size() + 1;
        List<MethodDef> parts = new ArrayList<>();
        List<Stmt> main = new ArrayList<>();
        main.add(new Stmt.Comment((count == 1 ? "In one part, its long loops' bodies in parts of their own,"
                + " each short enough for the JIT" : "In " + count + " parts, each short enough for the JIT")
                + (frame == null ? "" : "; they pass values on the tape, from frameStart")
                + (!objects ? "" : (frame == null ? "; they pass" : ", and") + " objects on the object tape"),
                null));
        frames.forEach(f -> main.addAll(f.reserve()));
        if (frame != null && zeroed()) {
            main.add(frame.zero());
        }
        int start = 0;
        for (int k = 0; k < count; k++) {
            boolean last = k == count - 1;
            int end = last ? statements.size() - 1 : ends.get(k);
            boolean returns = !last && returnsIn.subList(start, end + 1).contains(true);
            HandBackReturns handBack = returns ? new HandBackReturns(frame, returned, method.returnType(), handedBack) : null;
            List<Stmt> body = partBody(start, end, last, slots, handBack);
            if (returns) {
                body.add(new Stmt.Return(Expr.Literal.of(false), SourcePosition.NONE));
            }
            String name = method.name() + "Part" + (k + 1);
            Type returnType = last ? method.returnType() : returns ? Type.BOOLEAN : Type.VOID;
            parts.add(new MethodDef(name, returnType, partParameters, new Stmt.Block(body), List.of(count == 1
                    ? "The body of {@link #" + method.name() + "}, whose long loops run their bodies in parts so that"
                            + " the JIT\ncompiles them: HotSpot leaves a method of more than " + JIT_LIMIT
                            + " bytes of bytecode to the interpreter."
                    : "Part " + (k + 1) + " of the " + count + " of {@link #" + method.name() + "}, which is split so that"
                            + " the JIT compiles it: HotSpot\nleaves a method of more than " + JIT_LIMIT
                            + " bytes of bytecode to the interpreter.",
                    "as {@link #" + method.name() + "} was given it", method.name())));
            Expr call = new Expr.InvokeStatic(owner, name, arguments, returnType);
            if (returns) {
                main.add(new Stmt.If(call, new Stmt.Block(returnHandedBack(frame, frames, returned, method.returnType())),
                        new Stmt.Block(List.of()), SourcePosition.NONE));
            } else if (!last) {
                main.add(new Stmt.Evaluate(call));
            } else if (frames.isEmpty()) {
                main.add(returnType == Type.VOID ? new Stmt.Evaluate(call) : new Stmt.Return(call, SourcePosition.NONE));
            } else {
                main.addAll(releaseAfter(frames, call, returnType));
            }
            start = end + 1;
        }
        parts.addAll(space.loopParts());
        return new Split(new MethodDef(method.name(), method.returnType(), method.parameters(), new Stmt.Block(main),
                method.javadoc()), parts, frames, handedBack, space.withBodiesLaidOut(whole));
    }

    /**
     * The statements that run the body of {@link #loop} in parts, which end after the statements
     * {@code ends}: each part's call, the parts added to the frame space's.
     */
    private List<Stmt> writeBody(List<Integer> ends, Type.Named owner) {
        Map<Variable, Integer> slots = slots(ends);
        List<Stmt> calls = new ArrayList<>();
        int count = ends.size() + 1;
        int start = 0;
        for (int k = 0; k < count; k++) {
            boolean last = k == count - 1;
            int end = last ? statements.size() - 1 : ends.get(k);
            List<Stmt> body = partBody(start, end, last, slots, null);
            // Of the frames' starts, those the part reaches: its own reads and writes, its loops' parts
            List<Variable> parameters = new ArrayList<>(method.parameters());
            Set<Variable> used = new LinkedHashSet<>();
            body.forEach(s -> StatementWalker.addVariables(s, used));
            space.starts().stream().filter(used::contains).forEach(parameters::add);
            String name = loop.name() + "Part" + (k + 1);
            space.addLoopPart(new MethodDef(name, Type.VOID, parameters, new Stmt.Block(body), List.of(
                    (count == 1 ? "The body of a loop of {@link #" + loop.whole() + "}, a method of its own so that"
                            + " the JIT\ncompiles the method holding the loop: HotSpot leaves a method of more than "
                            + JIT_LIMIT + " bytes\nof bytecode to the interpreter."
                            : "Part " + (k + 1) + " of the " + count + " of the body of a loop of {@link #" + loop.whole()
                            + "}, which is split so\nthat the JIT compiles it: HotSpot leaves a method of more than "
                            + JIT_LIMIT + " bytes of bytecode to the\ninterpreter.")
                            + " The values its iterations pass on live in the frame.",
                    "its value where the loop runs")));
            calls.add(new Stmt.Evaluate(new Expr.InvokeStatic(owner, name,
                    parameters.stream().<Expr>map(v -> new Expr.Ref(v, SourcePosition.NONE)).toList(), Type.VOID)));
            start = end + 1;
        }
        return calls;
    }

    /**
     * A slot, in the frame of its kind, for each variable passed on from one part to a later one; the
     * body of a loop's, for each variable living in the frame while the loop runs too.
     */
    private Map<Variable, Integer> slots(List<Integer> ends) {
        Map<Variable, Integer> slots = new LinkedHashMap<>(loop == null ? Map.of() : loop.residents());
        for (int end : ends) {
            for (int i = 0; i <= end; i++) {
                for (Variable v : written.get(i)) {
                    if (livesAcross(v, end) && inFrame(v, end) && !slots.containsKey(v)) {
                        slots.put(v, space.home(v));
                    }
                }
            }
        }
        return slots;
    }

    /**
     * The body of the part holding statements {@code start} to {@code end}: the tapes its frames are on
     * and the objects declared again, the values passed on from earlier parts read from their slots, the
     * locals yet without a value declared; its statements (their returns handed back through the frame
     * by {@code handBack}, where not null); then the values it passes on written to their slots.
     */
    private List<Stmt> partBody(int start, int end, boolean last, Map<Variable, Integer> slots, HandBackReturns handBack) {
        Frame frame = space.reservedFrame(false);
        Frame objectFrame = space.reservedFrame(true);
        Set<Variable> leftInFrame = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Stmt> laidOut = withTheirTransfers(start, end, leftInFrame);
        List<Stmt> own = handBack != null ? handBack.rewrite(laidOut) : laidOut;
        Set<Variable> mentionedHere = new LinkedHashSet<>();
        for (int i = start; i <= end; i++) {
            mentionedHere.addAll(outlined.containsKey(i) ? StatementWalker.mentioned(laidOut.get(i - start)) : mentioned.get(i));
        }
        // The values passed on from earlier parts and to later ones, numbers and objects apart
        List<Variable> reads = new ArrayList<>();
        List<Variable> objectReads = new ArrayList<>();
        List<Variable> writes = new ArrayList<>();
        List<Variable> objectWrites = new ArrayList<>();
        for (Variable v : writtenIn(start, end)) {
            if ((!last && livesAcross(v, end) && inFrame(v, end) || resident(v)) && !leftInFrame.contains(v)) {
                (fitsInADouble(v.type()) ? writes : objectWrites).add(v);
            }
        }
        // The objects declared again, the values read in the order of their slots, the locals yet without one
        List<Stmt> declaredAgain = new ArrayList<>();
        List<Stmt> unassigned = new ArrayList<>();
        for (Variable v : mentionedHere) {
            if (resident(v)) {
                (fitsInADouble(v.type()) ? reads : objectReads).add(v);
                continue;
            }
            if (loop != null && loop.inherited().containsKey(v)) {
                declaredAgain.add(loop.inherited().get(v));
                continue;
            }
            if (start == 0 || born.getOrDefault(v, start) >= start || loop == null && frame != null && v == frame.tape()) {
                continue; // declared in this part or above, or a parameter this part is passed as it came
            }
            boolean needed = livesAcross(v, start - 1);
            if (redeclared.containsKey(v)) {
                declaredAgain.add(redeclared.get(v));
            } else if (stillItsLiteral(v, start - 1)) {
                declaredAgain.add(literalDeclarations.get(v));
            } else if (needed && inFrame(v, start - 1)) {
                (fitsInADouble(v.type()) ? reads : objectReads).add(v);
            } else if (!method.parameters().contains(v)) {
                unassigned.add(new Stmt.Declare(v, null, SourcePosition.NONE));
            }
        }
        List<Stmt> body = new ArrayList<>();
        if (frame != null && frame.declaration() != null && !declaredAgain.contains(frame.declaration())
                && (loop == null ? start > 0 || !statements.contains(frame.declaration())
                        : !reads.isEmpty() || !writes.isEmpty() || mentions(own, frame.tape()))) {
            body.add(frame.declaration());
        }
        body.addAll(declaredAgain);
        if (!objectReads.isEmpty() || !objectWrites.isEmpty() || objectFrame != null && mentions(own, objectFrame.tape())) {
            body.add(objectFrame.declaration());
        }
        body.addAll(reads(reads, frame, slots));
        body.addAll(reads(objectReads, objectFrame, slots));
        body.addAll(unassigned);
        body.addAll(own);
        body.addAll(writes(writes, frame, slots, reads.isEmpty()));
        body.addAll(writes(objectWrites, objectFrame, slots, objectReads.isEmpty()));
        return body;
    }

    /**
     * Statements {@code start} to {@code end} of the body, each outlined loop among them with the writes
     * before it of the variables the frame may not hold yet (the part assigned them, or did not find them
     * there) and the reads back after it of those a later statement of the part uses; into
     * {@code leftInFrame}, the variables a loop assigned whose value the part leaves in the frame, having
     * no further use for it (the part must not write its own, out of date, value there).
     */
    private List<Stmt> withTheirTransfers(int start, int end, Set<Variable> leftInFrame) {
        List<Stmt> laidOut = new ArrayList<>();
        Map<Variable, Boolean> frameHolds = new IdentityHashMap<>();
        Predicate<Variable> held = v -> frameHolds.getOrDefault(v, heldAtStart(v, start));
        for (int i = start; i <= end; i++) {
            OutlineLongLoops.OutlinedLoop loopHere = outlined.get(i);
            if (loopHere == null) {
                laidOut.add(statements.get(i));
                for (Variable v : written.get(i)) {
                    frameHolds.put(v, loop == null && statements.get(i) instanceof Stmt.Declare d && d.variable() == v
                            && zeroed() && slotHoldsAtFirst(d.init()));
                    leftInFrame.remove(v);
                }
                continue;
            }
            for (Stmt initialiser : loopHere.initialisers()) {
                StatementWalker.declaredOrAssigned(initialiser).forEach(v -> frameHolds.put(v, false));
            }
            int after = i;
            Set<Variable> writeBefore = new LinkedHashSet<>();
            loopHere.writesBefore().keySet().stream().filter(v -> !held.test(v)).forEach(writeBefore::add);
            // A loop in a branch may not run: a value it may not leave in the frame is read back
            boolean guarded = loopHere.guard() != null;
            Set<Variable> readAfter = new LinkedHashSet<>();
            loopHere.readsAfter().keySet().stream().filter(v -> usedAfter(v, after, end) || guarded && writeBefore.contains(v))
                    .forEach(readAfter::add);
            laidOut.add(loopHere.statement(writeBefore::contains, readAfter::contains));
            loopHere.writesBefore().keySet().forEach(v -> frameHolds.put(v, !guarded || !writeBefore.contains(v)));
            loopHere.assigns().forEach(v -> {
                frameHolds.put(v, false);
                leftInFrame.remove(v);
            });
            Set<Variable> updated = StatementWalker.assigned(loopHere.loop().update());
            for (Variable v : loopHere.readsAfter().keySet()) {
                // The body's last part left it in the frame (the update, where it assigns it too, did not);
                // a loop in a branch, only where it ran
                boolean heldBefore = loopHere.writesBefore().containsKey(v) && !writeBefore.contains(v);
                frameHolds.put(v, !updated.contains(v) && (!guarded || heldBefore));
                if (!readAfter.contains(v)) {
                    leftInFrame.add(v);
                }
            }
        }
        return laidOut;
    }

    /**
     * Whether the frame holds {@code v}'s value where the part starting with statement {@code start}
     * starts: it lives in the frame while a loop runs, an earlier part left it there, or it still has the
     * value it was declared with, which its slot has held since the method reserved the frame (zeroed).
     */
    private boolean heldAtStart(Variable v, int start) {
        return resident(v) || start > 0 && (livesAcross(v, start - 1) && inFrame(v, start - 1)
                || loop == null && zeroed() && stillItsLiteral(v, start - 1) && slotHoldsAtFirst(literalDeclarations.get(v).init()));
    }

    /**
     * Whether the frame is zeroed when it is reserved: where loops' bodies run in parts, whose variables
     * must be in the frame before the loop, so that those still holding a zero need no write there.
     */
    private boolean zeroed() {
        return space.hasLoopParts();
    }

    /** Whether {@code init} is what a slot holds when the frame is reserved: +0.0 (0, false, null as it reads back). */
    private static boolean slotHoldsAtFirst(Expr init) {
        return init instanceof Expr.Literal literal && (literal.value() == null
                || literal.value() instanceof Number n && Double.doubleToRawLongBits(n.doubleValue()) == 0L
                || Boolean.FALSE.equals(literal.value()));
    }

    /**
     * Whether a statement after statement {@code i}, up to {@code end}, uses {@code v} where it stands:
     * mentions it, or (an outlined loop) reads it in its head or the arguments of its parts, or assigns it
     * there, which a loop in a branch may not do.
     */
    private boolean usedAfter(Variable v, int i, int end) {
        for (int k = i + 1; k <= end; k++) {
            OutlineLongLoops.OutlinedLoop loopThere = outlined.get(k);
            if (loopThere == null ? mentioned.get(k).contains(v)
                    : loopThere.uses().contains(v) || loopThere.assigns().contains(v)) {
                return true;
            }
        }
        return false;
    }

    /** Whether one of {@code statements}, or a statement in it, mentions {@code v}. */
    private static boolean mentions(List<Stmt> statements, Variable v) {
        return statements.stream().anyMatch(s -> StatementWalker.mentions(s, v));
    }

    MethodDef method() {
        return method;
    }

    /**
     * Whether statement {@code i} of the body is too long for a part of its own: its estimated bytecode,
     * with a read from the frame and a write to it for each variable it mentions, over a part's limit.
     */
    boolean longerThanAPart(int i) {
        return bytes[i] + 2 * FRAME_ACCESS * mentioned.get(i).size() > PART_LIMIT;
    }

    /** Whether {@code statement}, which stands in the body, is too long for a part of its own (as above). */
    boolean longerThanAPart(Stmt statement) {
        return BytecodeEstimate.ofStatements(method, List.of(statement))[0]
                + 2 * FRAME_ACCESS * StatementWalker.mentioned(statement).size() > PART_LIMIT;
    }

    FrameSpace space() {
        return space;
    }

    /** Where this splits the body of a long loop, that loop; else null. */
    OutlineLongLoops.LoopBody loop() {
        return loop;
    }

    /**
     * The object {@code v} is declared again as in each part that uses it (a thread's tape, an alias of
     * an argument), or null.
     */
    Stmt.Declare declaredAgain(Variable v) {
        return redeclared.containsKey(v) ? redeclared.get(v) : loop != null ? loop.inherited().get(v) : null;
    }

    /**
     * Whether {@code v}, which statement {@code i} uses but does not declare, surely has a value where that
     * statement starts, as Java sees it.
     */
    boolean hasValueBefore(Variable v, int i) {
        if (method.parameters().contains(v) || declaredAgain(v) != null || resident(v)) {
            return true;
        }
        Integer from = born.get(v);
        return from != null && from < i && surelyAssignedFrom.getOrDefault(v, -1) < i;
    }

    /** Whether {@code v} lives in the frame while the loop whose body this splits runs. */
    private boolean resident(Variable v) {
        return loop != null && loop.residents().containsKey(v);
    }

    /**
     * The last part's call, then the frames' entries given back (moving down any partial derivatives the
     * part recorded above them for the method's caller), then its result returned.
     */
    private static List<Stmt> releaseAfter(List<Frame> frames, Expr call, Type returnType) {
        List<Stmt> release = new ArrayList<>();
        Variable result = Variable.generated("result", returnType);
        release.add(returnType == Type.VOID ? new Stmt.Evaluate(call) : new Stmt.Declare(result, call, SourcePosition.NONE));
        frames.forEach(f -> release.add(f.release()));
        if (returnType != Type.VOID) {
            release.add(new Stmt.Return(new Expr.Ref(result, SourcePosition.NONE), SourcePosition.NONE));
        }
        return release;
    }

    /**
     * Where a part returned: the {@code double} it left in the frame's slot {@code slot}, or the {@code Dual}
     * in the two from it, read; the frames' entries given back; the value returned.
     */
    private static List<Stmt> returnHandedBack(Frame frame, List<Frame> frames, int slot, Type type) {
        Variable returned = Variable.generated("returned", type);
        List<Stmt> statements = new ArrayList<>();
        statements.add(new Stmt.Declare(returned, frame.handedBack(slot, type), SourcePosition.NONE));
        frames.forEach(f -> statements.add(f.release()));
        statements.add(new Stmt.Return(new Expr.Ref(returned, SourcePosition.NONE), SourcePosition.NONE));
        return statements;
    }

    /**
     * The frame on the thread's double tape: the tape the method is given, else the one it takes in its
     * first part's statements (up to {@code firstEnd}), else one taken for the frame. Its width is what
     * the frame space allocates.
     */
    Frame frame(int firstEnd) {
        Type.Named doubleStack = RuntimeTypes.stackOf(Type.DOUBLE);
        Variable array = Variable.generated("frame", new Type.Array(Type.DOUBLE));
        Variable start = Variable.generated("frameStart", Type.INT);
        for (Variable p : method.parameters()) {
            if (p.type().equals(doubleStack)) {
                return new Frame(p, null, array, start, 0);
            }
        }
        for (Stmt s : statements.subList(0, firstEnd + 1)) {
            if (s instanceof Stmt.Declare d && d.variable().type().equals(doubleStack) && redeclared.containsKey(d.variable())) {
                return new Frame(d.variable(), d, array, start, 0);
            }
        }
        return Frame.onThreadTape(Type.DOUBLE, 0);
    }

    private Set<Variable> mentionedIn(int start, int end) {
        Set<Variable> result = new LinkedHashSet<>();
        mentioned.subList(start, end + 1).forEach(result::addAll);
        return result;
    }

    private Set<Variable> writtenIn(int start, int end) {
        Set<Variable> result = new LinkedHashSet<>();
        written.subList(start, end + 1).forEach(result::addAll);
        return result;
    }

    /** The tape's array taken, then {@code variables} read from their slots in order. */
    private List<Stmt> reads(List<Variable> variables, Frame frame, Map<Variable, Integer> slots) {
        if (variables.isEmpty()) {
            return List.of();
        }
        List<Stmt> reads = new ArrayList<>();
        reads.add(frame.array(true));
        variables.stream().sorted(Comparator.comparing(slots::get)).forEach(v -> reads.add(read(v, frame, slots.get(v))));
        return reads;
    }

    /**
     * The tape's array taken again (declared where the part has not read from it), since a push or a
     * callee's frame may have moved the tape to a larger one; then {@code variables} written to their slots.
     */
    private static List<Stmt> writes(List<Variable> variables, Frame frame, Map<Variable, Integer> slots,
            boolean declare) {
        if (variables.isEmpty()) {
            return List.of();
        }
        List<Stmt> writes = new ArrayList<>();
        writes.add(frame.array(declare));
        variables.forEach(v -> writes.addAll(write(v, frame, slots.get(v))));
        return writes;
    }

    /** {@code double v = frame[slot];}, converted back to {@code v}'s type; an assignment for a parameter. */
    private Stmt read(Variable v, Frame frame, int slot) {
        Expr value = slotValue(new Expr.Ref(frame.array(), SourcePosition.NONE), frame, slot, v.type());
        return method.parameters().contains(v) ? new Stmt.Assign(v, value, SourcePosition.NONE)
                : new Stmt.Declare(v, value, SourcePosition.NONE);
    }

    /**
     * The value of {@code type} in slot {@code slot} of {@code array}, which is {@code frame}'s: the double
     * there converted back, a {@code long} from its two slots, an object cast back.
     */
    static Expr slotValue(Expr array, Frame frame, int slot, Type type) {
        Expr value = new Expr.ArrayRead(array, frame.index(slot), SourcePosition.NONE);
        if (type == Type.BOOLEAN) {
            return new Expr.Binary(BinaryOp.NE, value, Expr.Literal.of(0.0), SourcePosition.NONE);
        } else if (type == Type.LONG) {
            // (long) frame[i] << 32 | (long) frame[i + 1]: the high half, then the low half's 32 bits
            Expr low = new Expr.ArrayRead(array, frame.index(slot + 1), SourcePosition.NONE);
            return new Expr.Binary(BinaryOp.BIT_OR, new Expr.Binary(BinaryOp.SHL,
                    new Expr.Cast(Type.LONG, value, SourcePosition.NONE), Expr.Literal.ofInt(32), SourcePosition.NONE),
                    new Expr.Cast(Type.LONG, low, SourcePosition.NONE), SourcePosition.NONE);
        } else if (type != Type.DOUBLE) {
            return new Expr.Cast(type, value, SourcePosition.NONE);
        }
        return value;
    }

    /**
     * A part before the last that holds returns of a {@code double} or a {@code Dual}: each {@code return
     * e;} leaves {@code e} in the frame's slot {@code slot}, or its value and its tangent in the two from
     * it, and returns true, for the method calling the parts to return it; where the part ends, it
     * returns false. (An {@code e} that is a null Dual, which the method's callers would fail on, fails
     * here instead.)
     */
    private static final class HandBackReturns extends NestedLists {

        private final Frame frame;
        private final int slot;
        private final Type type;
        /** The variables that hold the returned Duals, for the printer to name. */
        private final List<Variable> returned;

        HandBackReturns(Frame frame, int slot, Type type, List<Variable> returned) {
            this.frame = frame;
            this.slot = slot;
            this.type = type;
            this.returned = returned;
        }

        @Override
        protected List<Stmt> rewrite(List<Stmt> statements) {
            List<Stmt> rewritten = new ArrayList<>();
            for (Stmt s : statements) {
                if (s instanceof Stmt.Return r && type == Type.DOUBLE) {
                    rewritten.add(frame.writeThroughTape(slot, r.value()));
                    rewritten.add(new Stmt.Return(Expr.Literal.of(true), SourcePosition.NONE));
                } else if (s instanceof Stmt.Return r) {
                    Variable value = Variable.generated("returned", RuntimeTypes.DUAL);
                    returned.add(value);
                    Expr ref = new Expr.Ref(value, SourcePosition.NONE);
                    rewritten.add(new Stmt.Declare(value, r.value(), SourcePosition.NONE));
                    rewritten.add(frame.writeThroughTape(slot,
                            new Expr.Invoke(ref, "value", List.of(), Type.DOUBLE)));
                    rewritten.add(frame.writeThroughTape(slot + 1,
                            new Expr.Invoke(ref, "tangent", List.of(), Type.DOUBLE)));
                    rewritten.add(new Stmt.Return(Expr.Literal.of(true), SourcePosition.NONE));
                } else {
                    rewritten.add(s.accept(this));
                }
            }
            return rewritten;
        }
    }

    /**
     * {@code frame[frameStart + slot] = v;}: {@code v} as the double the frame holds, itself, widened,
     * or 1 and 0 for a boolean; a {@code long} in two slots, its high half and its low 32 bits, each of
     * which a double holds exactly.
     */
    private static List<Stmt> write(Variable v, Frame frame, int slot) {
        List<Expr> values = slotValues(v);
        List<Stmt> writes = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            writes.add(frame.write(slot + i, values.get(i)));
        }
        return writes;
    }

    /** What {@code v} leaves in its slots: itself, widened, 1 or 0 for a boolean; a {@code long}'s two halves. */
    static List<Expr> slotValues(Variable v) {
        Expr value = new Expr.Ref(v, SourcePosition.NONE);
        if (v.type() == Type.LONG) {
            return List.of(new Expr.Binary(BinaryOp.SHR, value, Expr.Literal.ofInt(32), SourcePosition.NONE),
                    new Expr.Binary(BinaryOp.BIT_AND, value,
                            new Expr.Literal(0xffffffffL, Type.LONG, SourcePosition.NONE), SourcePosition.NONE));
        }
        return List.of(v.type() == Type.BOOLEAN
                ? new Expr.Conditional(value, Expr.Literal.of(1.0), Expr.Literal.of(0.0), Type.DOUBLE, SourcePosition.NONE)
                : value);
    }

    /** Whether {@code statement} assigns {@code v} on every way through it that goes on to the next statement. */
    static boolean surelyAssigns(Stmt statement, Variable v) {
        if (statement instanceof Stmt.Assign a) {
            return a.variable() == v;
        }
        if (statement instanceof Stmt.Block block) {
            return block.statements().stream().anyMatch(s -> surelyAssigns(s, v));
        }
        if (statement instanceof Stmt.If branch) {
            return surelyAssigns(branch.thenBranch(), v) && surelyAssigns(branch.elseBranch(), v);
        }
        return false;
    }

    /** Whether the frame holds a value of {@code type} exactly: in one slot, or a {@code long} in two. */
    static boolean fitsInADouble(Type type) {
        return type == Type.DOUBLE || type == Type.FLOAT || type == Type.INT || type == Type.CHAR
                || type == Type.BOOLEAN || type == Type.LONG;
    }

    private static int slotsOf(Type type) {
        return type == Type.LONG ? 2 : 1;
    }

    /**
     * Whether {@code init} gives the same object each time it is evaluated in a call: made of parameters
     * the method does not assign, literals, comparisons and choices, and the thread's tapes.
     */
    private boolean computedFromArguments(Expr init, Set<Variable> assignedParameters) {
        boolean[] computed = {true};
        StatementWalker.walk(init, e -> computed[0] &= e instanceof Expr.Literal || e instanceof Expr.Conditional
                || e instanceof Expr.Binary binary && binary.op().isComparison()
                || e instanceof Expr.Ref ref && method.parameters().contains(ref.variable())
                        && !assignedParameters.contains(ref.variable())
                || RuntimeTypes.isThreadTape(e));
        return computed[0];
    }
}
