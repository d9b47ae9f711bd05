package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The slots of a split method's frames, handed out in turn, one per variable passed on: one frame on
 * each of the thread's tapes holds them all (numbers on the double tape, objects on the object tape),
 * reserved once by the method calling the parts.
 */
final class FrameSpace {

    private Frame doubles;
    private Frame objects;
    private int doubleWidth;
    private int objectWidth;
    private final Map<Variable, Integer> homes = new IdentityHashMap<>();

    /** The double frame's variables, chosen by {@code choice} the first time they are asked for. */
    Frame doubles(Supplier<Frame> choice) {
        if (doubles == null) {
            doubles = choice.get();
        }
        return doubles;
    }

    /**
     * The slot of {@code v}, the same wherever the method's parts keep it: in the double frame (two for a
     * {@code long}), else in the object frame.
     */
    int home(Variable v) {
        Integer slot = homes.get(v);
        if (slot == null) {
            slot = SplitLongMethods.fitsInADouble(v.type()) ? allocateDoubles(v.type() == Type.LONG ? 2 : 1) : objectWidth++;
            homes.put(v, slot);
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
     * by {@code choice}).
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

    private Frame objectFrame() {
        if (objects == null) {
            objects = Frame.onThreadTape(Type.OBJECT, 0);
        }
        return objects;
    }
}
