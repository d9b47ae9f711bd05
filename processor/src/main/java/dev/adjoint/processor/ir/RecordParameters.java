package dev.adjoint.processor.ir;

import java.util.Map;

/**
 * How a called method takes records. A record argument is, in the IR, the record built from the
 * caller's leaves ({@code new Params(pW, pB)}, nested records alike): the transforms pass it, with
 * its tangent beside it in forward mode, and read the callee's partial record back into the leaves'
 * adjoints in reverse mode, component by component as {@code shapes} names them.
 *
 * @param self whether the target is a method of a record, whose generated methods take the record
 *     first as {@code self} (then parameter 0 of the target is that record)
 * @param shapes the shape of each record parameter, by its index among the target's parameters
 */
public record RecordParameters(boolean self, Map<Integer, RecordShape> shapes) {

    /** A static method taking no record. */
    public static final RecordParameters NONE = new RecordParameters(false, Map.of());

    public RecordParameters {
        shapes = Map.copyOf(shapes);
    }

    /** The shape of record parameter {@code index}, or null when it is no record. */
    public RecordShape shapeOf(int index) {
        return shapes.get(index);
    }
}
