package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.runtime.Dual;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's five-minute example is true: its class compiles as shown, its numbers are right, and the
 * generated reverse mode it quotes is, to the character, what the processor writes (a golden file
 * where the exact text matters).
 */
class ReadmeExampleTest {

    private static String readme() throws IOException {
        return Files.readString(Path.of("..", "README.md"));
    }

    /** The code block that follows {@code marker} in the README. */
    private static String block(String readme, String marker) {
        Matcher m = Pattern.compile(Pattern.quote(marker) + ".*?```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        if (!m.find()) {
            throw new AssertionError("no code block after '" + marker + "' in README.md");
        }
        return m.group(1);
    }

    @Test
    void theFiveMinuteExampleIsWhatTheProcessorWrites() throws Exception {
        String readme = readme();
        Compiled compiled = compileStrict(block(readme, "## Five minutes with Adjoint"),
                block(readme, "Compiling generates `demo.PricingGrad`:"));
        String expected = block(readme, "The generated reverse mode reads like a hand-written adjoint:").strip();
        String generated = compiled.generatedSource("demo.PricingGrad");
        int start = generated.indexOf("    public static FGradient fGradient(");
        int end = generated.indexOf("\n    }\n", start) + "\n    }".length();
        String method = generated.substring(start, end).lines().map(l -> l.substring(Math.min(4, l.length())))
                .reduce((a, b) -> a + "\n" + b).orElseThrow().strip();
        assertTrue(expected.startsWith("public static FGradient fGradient(") && expected.contains("// Adjoint sweep"),
                expected);
        assertEquals(expected, method);

        Class<?> grad = compiled.gradClassFor("demo.Pricing");
        Object gradient = Arrays.stream(grad.getMethods()).filter(x -> x.getName().equals("fGradient")).findFirst()
                .orElseThrow().invoke(null, 1.0, 2.0, 3.0);
        var components = gradient.getClass().getRecordComponents();
        assertEquals(0.0581308, (double) components[1].getAccessor().invoke(gradient), 1e-7);
        assertEquals(0.0266040, (double) components[2].getAccessor().invoke(gradient), 1e-7);
        assertEquals(0.0193769, (double) components[3].getAccessor().invoke(gradient), 1e-7);
        Method forward = grad.getMethod("fForward", Dual.class, Dual.class, Dual.class);
        Dual d = (Dual) forward.invoke(null, Dual.variable(1), Dual.constant(2), Dual.constant(3));
        assertEquals((double) components[1].getAccessor().invoke(gradient), d.tangent(), 1e-15);

        PrintStream standardOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            compiled.load("demo.Main").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(standardOut);
        }
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\\R");
        assertTrue(lines[0].matches("0\\.96595\\d* 0\\.0581308\\d* 0\\.0266040\\d* 0\\.0193769\\d*"), lines[0]);
        assertTrue(lines[1].matches("0\\.96595\\d* 0\\.0581308\\d*"), lines[1]);
    }
}
