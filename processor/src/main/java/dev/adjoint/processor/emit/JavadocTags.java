package dev.adjoint.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.RuntimeTypes;
import dev.adjoint.processor.ir.Type;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code @param} and {@code @return} tags of a generated method, so that its Javadoc is complete
 * ({@code -Xdoclint:all} finds nothing missing): each parameter and the result described by what it
 * is, the method's own text saying what it computes.
 */
final class JavadocTags {

    private static final ClassName DUAL = JavaTypes.className(RuntimeTypes.DUAL);
    private static final ClassName DOUBLE_STACK = JavaTypes.className(RuntimeTypes.stackOf(Type.DOUBLE));

    private JavadocTags() {
    }

    /** {@code method} with a tag for each parameter and for its result. */
    static MethodSpec completed(MethodSpec method) {
        MethodSpec.Builder builder = method.toBuilder().addJavadoc("\n");
        Set<String> names = method.parameters().stream().map(ParameterSpec::name).collect(Collectors.toSet());
        for (ParameterSpec p : method.parameters()) {
            builder.addJavadoc("@param $L $L\n", p.name(), describe(p, names));
        }
        if (!method.returnType().equals(TypeName.VOID)) {
            builder.addJavadoc("@return $L\n", result(method.returnType()));
        }
        return builder.build();
    }

    private static String describe(ParameterSpec p, Set<String> names) {
        TypeName type = p.type();
        if (type.equals(DUAL)) {
            return "{@code " + p.name() + "} as a dual number: its value and its tangent";
        }
        if (type.equals(DOUBLE_STACK)) {
            // Only a core that hands back its partials on the tape takes one (PartialsOnTape).
            return "the calling thread's double tape, which receives the partial derivatives";
        }
        if (type instanceof ArrayTypeName array && (array.componentType().equals(DUAL)
                || array.componentType() instanceof ArrayTypeName inner && inner.componentType().equals(DUAL))) {
            return "{@code " + p.name() + "}, each element with its tangent";
        }
        String name = p.name();
        if (name.endsWith("Dot") && names.contains(name.substring(0, name.length() - 3))) {
            return "the tangent of {@code " + name.substring(0, name.length() - 3) + "}: the direction of the derivative";
        }
        return "the argument {@code " + name + "}";
    }

    private static String result(TypeName type) {
        if (type.equals(DUAL)) {
            return "the value and its derivative along the arguments' tangents";
        }
        if (type instanceof ArrayTypeName array && array.componentType().equals(DUAL)) {
            return "each element of the result with its derivative along the arguments' tangents";
        }
        if (type.isPrimitive()) {
            // a double; or an int, long or boolean: the value of a copied private helper
            return "the value described above";
        }
        if (type instanceof ArrayTypeName array && array.componentType() instanceof ArrayTypeName) {
            return "the matrix described above";
        }
        if (type instanceof ArrayTypeName) {
            return "the vector described above";
        }
        return "the value and its partial derivatives";
    }
}
