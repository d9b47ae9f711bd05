package dev.adjoint.processor.ir;

import java.util.List;

/**
 * A static method called from a differentiable body, resolved from declarations.
 *
 * @param owner the class declaring the method
 * @param gradOwner the class that holds (or will hold) the target's generated derivatives
 * @param gradientRecord for a differentiable target, the record its reverse mode returns
 * @param name the method name
 * @param parameterTypes the declared parameter types
 * @param returnType the declared return type
 * @param differentiable whether the target is itself {@code @Differentiable}
 * @param parameterNames the declared parameter names (as the class file has them, for a target from a jar)
 * @param differentiableParameters for each parameter, whether the target's derivatives are taken
 *     with respect to it (its {@code wrt})
 * @param rules for a target with derivative rules, the rule of each parameter (null where a parameter
 *     has none); empty otherwise
 * @param gradientComponents for a differentiable target, the accessor of each differentiable
 *     parameter's partial in its gradient record, in parameter order
 * @param records the target's record parameters, and whether it is a method of a record
 * @param resultRecord for a differentiable target returning a record of doubles, its shape: the call is
 *     then read as a vector-valued one ({@code returnType} is {@code double[]}, element {@code i} the
 *     record's {@code i}-th leaf in declaration order), and only the generated code knows the record;
 *     null for any other target
 */
public record CallTarget(
        Type.Named owner,
        Type.Named gradOwner,
        Type.Named gradientRecord,
        String name,
        List<Type> parameterTypes,
        List<String> parameterNames,
        List<Boolean> differentiableParameters,
        Type returnType,
        boolean differentiable,
        List<String> gradientComponents,
        List<PartialRule> rules,
        RecordParameters records,
        RecordShape resultRecord) {

    /** A target that returns no record. */
    public CallTarget(Type.Named owner, Type.Named gradOwner, Type.Named gradientRecord, String name,
            List<Type> parameterTypes, List<String> parameterNames, List<Boolean> differentiableParameters,
            Type returnType, boolean differentiable, List<String> gradientComponents, List<PartialRule> rules,
            RecordParameters records) {
        this(owner, gradOwner, gradientRecord, name, parameterTypes, parameterNames, differentiableParameters,
                returnType, differentiable, gradientComponents, rules, records, null);
    }

    /** A target that takes and returns no record. */
    public CallTarget(Type.Named owner, Type.Named gradOwner, Type.Named gradientRecord, String name,
            List<Type> parameterTypes, List<String> parameterNames, List<Boolean> differentiableParameters,
            Type returnType, boolean differentiable, List<String> gradientComponents, List<PartialRule> rules) {
        this(owner, gradOwner, gradientRecord, name, parameterTypes, parameterNames, differentiableParameters,
                returnType, differentiable, gradientComponents, rules, RecordParameters.NONE);
    }

    /** Whether the user gave derivative rules for this (not differentiable) target. */
    public boolean hasRules() {
        return !rules.isEmpty();
    }

    /** The rule for parameter {@code index}, or null. */
    public PartialRule rule(int index) {
        return rules.isEmpty() ? null : rules.get(index);
    }
}
