package dev.adjoint.processor.ir;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A differentiable method as the read stage understood it.
 *
 * @param name the method name
 * @param parameters the parameters in declaration order
 * @param differentiableParameters the parameters derivatives are taken with respect to, in
 *     declaration order: every double, double[] and double[][] one, or those named by {@code wrt}
 * @param returnType {@code double}, or {@code double[]} for a vector-valued method (also one returning a
 *     record, whose components the body writes into a local {@code double[]} it returns)
 * @param body the method body
 * @param signature the parameters as the method declares them: those of {@code parameters} that are not
 *     leaves of a record, and in a record's place a variable of the record's type, which
 *     {@code records} maps to its shape
 * @param records the shape of each record parameter of {@code signature}
 * @param resultRecord for a method returning a record of doubles, its shape: result element {@code i} is
 *     its {@code i}-th leaf in declaration order; null for any other method
 */
public record Function(String name, List<Variable> parameters, List<Variable> differentiableParameters,
        Type returnType, Stmt.Block body, List<Variable> signature, Map<Variable, RecordShape> records,
        RecordShape resultRecord) {

    public Function {
        parameters = List.copyOf(parameters);
        differentiableParameters = List.copyOf(differentiableParameters);
        signature = List.copyOf(signature);
        records = Collections.unmodifiableMap(new IdentityHashMap<>(records));
    }

    /** A function that returns no record. */
    public Function(String name, List<Variable> parameters, List<Variable> differentiableParameters, Type returnType,
            Stmt.Block body, List<Variable> signature, Map<Variable, RecordShape> records) {
        this(name, parameters, differentiableParameters, returnType, body, signature, records, null);
    }

    /** A function without record parameters: it declares its parameters as they are. */
    public Function(String name, List<Variable> parameters, List<Variable> differentiableParameters, Type returnType,
            Stmt.Block body) {
        this(name, parameters, differentiableParameters, returnType, body, parameters, Map.of());
    }

    /** The shape of a record parameter of {@link #signature}, or null for any other parameter. */
    public RecordShape recordOf(Variable declared) {
        return records.get(declared);
    }

    /**
     * The declared parameters that get a partial: the differentiable ones, and the records with a
     * differentiable leaf. Their partials, in this order, are a gradient record's components.
     */
    public List<Variable> differentiableSignature() {
        return signature.stream().filter(p -> records.containsKey(p)
                ? records.get(p).leaves().stream().anyMatch(this::isDifferentiable) : isDifferentiable(p)).toList();
    }

    public boolean isDifferentiable(Variable parameter) {
        return differentiableParameters.contains(parameter);
    }
}
