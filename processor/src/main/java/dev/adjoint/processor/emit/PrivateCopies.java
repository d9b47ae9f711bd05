package dev.adjoint.processor.emit;

import com.palantir.javapoet.FieldSpec;
import dev.adjoint.processor.emit.ExpressionPrinter.Code;
import dev.adjoint.processor.ir.CopiedField;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Type;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The generated class's copies of the user's private static final fields: each declared with the
 * field's own initializer, printed from the IR it was read into, so it computes the same value.
 */
final class PrivateCopies {

    private PrivateCopies() {
    }

    static FieldSpec field(CopiedField copy) {
        Code code = new Code();
        // An initializer reads no local, so there is nothing to name.
        ExpressionPrinter printer = new ExpressionPrinter(
                Names.of(new MethodDef(copy.name(), copy.type(), List.of(), new Stmt.Block(List.of()), List.of())), code);
        if (copy.isArray()) {
            code.text("{");
            for (int i = 0; i < copy.elements().size(); i++) {
                code.text(i == 0 ? "" : ", ");
                printer.print(copy.elements().get(i));
            }
            code.text("}");
        } else {
            printer.print(copy.value());
        }
        return FieldSpec.builder(JavaTypes.of(copy.type()), copy.name(), Modifier.PRIVATE, Modifier.STATIC,
                        Modifier.FINAL)
                .initializer(code.build())
                .build();
    }
}
