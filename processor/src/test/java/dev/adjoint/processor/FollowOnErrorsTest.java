package dev.adjoint.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A parameter of a type Adjoint refuses is one error, on the parameter: the body's uses of it (read,
 * indexed, asked its length, called a method on) add no "cannot resolve" or "calling a method on an
 * object" errors that would send the user looking in the wrong place.
 */
class FollowOnErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            read as a whole     | java.util.List<Double> xs | return x * xs.hashCode();                         | java.util.List<Double> xs
            indexed             | float[] fs                | return x * fs[0];                                 | float[] fs
            asked its length    | float[] fs                | return x * fs.length;                             | float[] fs
            a method called     | java.util.List<Double> xs | double s = 0; for (int i = 0; i < xs.size(); i++) { s += x * xs.get(i); } return s; | java.util.List<Double> xs
            """)
    void aParameterOfARefusedTypeIsOneErrorOnTheParameter(String name, String parameter, String body, String line) {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Refused {\n"
                + "    @Differentiable\n    public static double f(double x,\n            " + parameter + ") {\n        "
                + body + "\n    }\n}\n";
        Compilation compilation = AdjointCompiler.compileRaw(List.of("-parameters"), source);
        assertThat(compilation).hadErrorContaining("has type").inFile(compilation.sourceFiles().get(0)).onLineContaining(line);
        List<String> errors = compilation.errors().stream().map(d -> d.getLineNumber() + ": " + d.getMessage(null)).toList();
        assertEquals(1, errors.size(), "one error, on the parameter: " + errors);
    }
}
