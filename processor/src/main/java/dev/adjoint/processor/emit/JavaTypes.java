package dev.adjoint.processor.emit;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.adjoint.processor.ir.Type;

/** IR types as JavaPoet type names. */
final class JavaTypes {

    private JavaTypes() {
    }

    static TypeName of(Type type) {
        if (type instanceof Type.Primitive primitive) {
            return switch (primitive) {
                case DOUBLE -> TypeName.DOUBLE;
                case INT -> TypeName.INT;
                case LONG -> TypeName.LONG;
                case FLOAT -> TypeName.FLOAT;
                case BOOLEAN -> TypeName.BOOLEAN;
                case CHAR -> TypeName.CHAR;
                case VOID -> TypeName.VOID;
            };
        }
        if (type instanceof Type.Array array) {
            return ArrayTypeName.of(of(array.element()));
        }
        return className((Type.Named) type);
    }

    static ClassName className(Type.Named named) {
        var names = named.simpleNames();
        return ClassName.get(named.packageName(), names.get(0),
                names.subList(1, names.size()).toArray(new String[0]));
    }
}
