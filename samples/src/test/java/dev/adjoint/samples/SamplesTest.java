package dev.adjoint.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main program: the notebook table first, then the five showcases, all passing. */
class SamplesTest {

    @Test
    @DisplayName("the main program passes, prints the notebook first and writes both charts")
    void runsEverything(@TempDir Path charts) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        boolean ok;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            ok = Samples.run(charts);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(ok, out);
        int notebook = out.indexOf("OK: all 17 derivatives of the 10 notebook cells agree");
        int logistic = out.indexOf("1. Training logistic regression");
        int greeks = out.indexOf("2. Black-Scholes Greeks");
        int rosenbrock = out.indexOf("3. Gradient descent on the Rosenbrock function");
        int hipparchus = out.indexOf("4. The same gradients handed to Hipparchus' conjugate gradient optimiser");
        int tinyNet = out.indexOf("5. A two-layer network whose parameters are a record");
        assertTrue(notebook >= 0 && notebook < logistic && logistic < greeks && greeks < rosenbrock
                && rosenbrock < hipparchus && hipparchus < tinyNet, out);
        assertTrue(out.contains("Notebook: OK. Logistic regression: OK. Black-Scholes Greeks: OK. Rosenbrock: OK."
                + " Hipparchus: OK. Tiny net: OK."), out);
        assertTrue(Files.size(charts.resolve("logistic-loss.png")) > 10_000);
        assertTrue(Files.size(charts.resolve("rosenbrock-descent.png")) > 10_000);
    }
}
