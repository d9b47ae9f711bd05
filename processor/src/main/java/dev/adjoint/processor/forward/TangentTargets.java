package dev.adjoint.processor.forward;

import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.RecordParameters;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.naming.GradNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The tangent function {@code gTangent} of a differentiable method {@code g}, as a call target. */
final class TangentTargets {

    private TangentTargets() {
    }

    static CallTarget of(CallTarget target) {
        List<Type> types = new ArrayList<>(target.parameterTypes());
        List<String> names = new ArrayList<>(target.parameterNames());
        List<Boolean> mask = new ArrayList<>(target.differentiableParameters());
        List<String> components = new ArrayList<>(target.gradientComponents());
        // A record and its direction are records of one shape; the generated tangent methods are static,
        // a record's method taking the record first, so the target is no method of a record (self).
        Map<Integer, RecordShape> shapes = new HashMap<>(target.records().shapes());
        int component = 0;
        for (int i = 0; i < target.parameterTypes().size(); i++) {
            if (target.differentiableParameters().get(i)) {
                if (target.records().shapeOf(i) != null) {
                    shapes.put(types.size(), target.records().shapeOf(i));
                }
                types.add(target.parameterTypes().get(i));
                names.add(target.parameterNames().get(i) + "Dot");
                mask.add(true);
                // dX gives dXDot: from the record's own names, which survive in a jar when parameter names do not.
                components.add(target.gradientComponents().get(component++) + "Dot");
            }
        }
        return new CallTarget(target.gradOwner(), target.gradOwner(), GradNames.tangentRecord(target.gradientRecord()),
                GradNames.tangentMethod(target.name()), types, names, mask, Type.DOUBLE, true, components, List.of(),
                new RecordParameters(false, shapes));
    }
}
