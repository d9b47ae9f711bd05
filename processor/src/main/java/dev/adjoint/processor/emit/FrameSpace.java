package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.NestedLists;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The slots of a split method's frames, handed out in turn: to the variables the bodies of its long
 * loops keep in the frame while they run ({@link OutlineLongLoops}), to those their parts pass on,
 * then to those the method's own parts pass on. One frame on each of the thread's tapes holds them all
 * (numbers on the double tape, objects on the object tape), reserved once by the method calling the
 * parts, so that every part, a loop body's too, reaches its slots from the same start. Also collects
 * the parts of the loops' bodies.
 */
final class FrameSpace {

    private Frame doubles;
    private Frame objects;
    private int doubleWidth;
    private int objectWidth;
    private final Map<Variable, Integer> homes = new IdentityHashMap<>();
    /** The variables given a slot, in turn. */
    private final List<Variable> housed = new ArrayList<>();
    private final List<MethodDef> loopParts = new ArrayList<>();
    /** Each loop whose body runs in parts, with that body as the parts compute it. */
    private final List<Map.Entry<Stmt.Loop, Stmt.Block>> laidOutBodies = new ArrayList<>();
    private int loops;

    /** The double frame's variables, chosen by {@code choice} the first time they are asked for. */
    Frame doubles(Supplier<Frame> choice) {
        if (doubles == null) {
            doubles = choice.get();
        }
        return doubles;
    }

    /** The double frame's variables once chosen, else null. */
    Frame doubles() {
        return doubles;
    }

    /**
     * The slot of {@code v}, the same wherever the method's parts or its loops' parts keep it: in the
     * double frame (two for a {@code long}), else in the object frame. A part finds there the value the
     * part before it or a loop it called left.
     */
    int home(Variable v) {
        Integer slot = homes.get(v);
        if (slot == null) {
            slot = SplitLongMethods.fitsInADouble(v.type()) ? allocateDoubles(v.type() == Type.LONG ? 2 : 1) : objectWidth++;
            homes.put(v, slot);
            housed.add(v);
        }
        return slot;
    }

    /** {@code count} consecutive slots of the double frame; the first. */
    int allocateDoubles(int count) {
        int first = doubleWidth;
        doubleWidth += count;
        return first;
    }

    /**
     * The frames that hold slots, each as wide as they are, the double frame first (its variables chosen
     * by {@code choice} where no loop chose them).
     */
    List<Frame> reserved(Supplier<Frame> choice) {
        List<Frame> frames = new ArrayList<>();
        if (doubleWidth > 0) {
            frames.add(doubles(choice).withWidth(doubleWidth));
        }
        if (objectWidth > 0) {
            frames.add(objectFrame().withWidth(objectWidth));
        }
        return frames;
    }

    /** The frame of objects or of numbers, where it holds a slot yet; else null. */
    Frame reservedFrame(boolean holdsObjects) {
        if (holdsObjects) {
            return objectWidth == 0 ? null : objectFrame();
        }
        return doubleWidth == 0 ? null : doubles;
    }

    /** The variables holding where the frames start, of those chosen. */
    List<Variable> starts() {
        List<Variable> starts = new ArrayList<>();
        if (doubles != null) {
            starts.add(doubles.start());
        }
        if (objects != null) {
            starts.add(objects.start());
        }
        return starts;
    }

    private Frame objectFrame() {
        if (objects == null) {
            objects = Frame.onThreadTape(Type.OBJECT, 0);
        }
        return objects;
    }

    /** The number of the next loop whose body is split, from 1. */
    int nextLoop() {
        return ++loops;
    }

    void addLoopPart(MethodDef part) {
        loopParts.add(part);
    }

    /** Notes that the parts of {@code loop}'s body compute it as {@code laidOut} (its long statements opened). */
    void laidOut(Stmt.Loop loop, Stmt.Block laidOut) {
        laidOutBodies.add(Map.entry(loop, laidOut));
    }

    /**
     * {@code method} with the body of each loop whose body runs in parts as those parts compute it: the
     * method whose variables the parts' names are the names of.
     */
    MethodDef withBodiesLaidOut(MethodDef method) {
        if (laidOutBodies.isEmpty()) {
            return method;
        }
        Map<Stmt.Loop, Stmt.Block> bodies = new IdentityHashMap<>();
        laidOutBodies.forEach(e -> bodies.put(e.getKey(), e.getValue()));
        NestedLists substitute = new NestedLists() {
            @Override
            protected List<Stmt> rewrite(List<Stmt> statements) {
                return statements.stream().map(s -> s.accept(this)).toList();
            }

            @Override
            public Stmt visitLoop(Stmt.Loop node) {
                Stmt.Block body = bodies.getOrDefault(node, node.body());
                return new Stmt.Loop(node.testFirst(), node.condition(), new Stmt.Block(rewrite(body.statements())),
                        node.update(), node.position());
            }
        };
        return new MethodDef(method.name(), method.returnType(), method.parameters(),
                (Stmt.Block) method.body().accept(substitute), method.javadoc());
    }

    /** Whether a loop's body runs in parts. */
    boolean hasLoopParts() {
        return !loopParts.isEmpty();
    }

    /** The parts of the loops' bodies, in the order they were written. */
    List<MethodDef> loopParts() {
        return List.copyOf(loopParts);
    }

    /** What has been handed out so far. */
    Mark mark() {
        return new Mark(doubles, objects, doubleWidth, objectWidth, housed.size(), loopParts.size(),
                laidOutBodies.size(), loops);
    }

    /** Takes back what was handed out after {@code mark}: a loop whose body could not be split after all. */
    void reset(Mark mark) {
        doubles = mark.doubles();
        objects = mark.objects();
        doubleWidth = mark.doubleWidth();
        objectWidth = mark.objectWidth();
        List<Variable> unhoused = housed.subList(mark.housed(), housed.size());
        unhoused.forEach(homes::remove);
        unhoused.clear();
        loopParts.subList(mark.loopParts(), loopParts.size()).clear();
        laidOutBodies.subList(mark.laidOutBodies(), laidOutBodies.size()).clear();
        loops = mark.loops();
    }

    record Mark(Frame doubles, Frame objects, int doubleWidth, int objectWidth, int housed, int loopParts,
            int laidOutBodies, int loops) {
    }
}
