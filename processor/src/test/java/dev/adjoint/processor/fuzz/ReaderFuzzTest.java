package dev.adjoint.processor.fuzz;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Reader fuzz: random but valid Java method bodies, mixing supported statements with constructs the
 * processor rejects (lambdas, {@code try}, a switch expression inside an expression, string concatenation, {@code float},
 * labelled loops, {@code return} inside loops, object creation, field writes, instance calls,
 * {@code synchronized}, {@code throw}, {@code assert}, {@code int[]}, array
 * initializers and aliases, arrays created in a branch, assignments inside expressions, calls of
 * methods without a derivative, {@code Math.random()}), compiled through the processor. Each class
 * has several {@code @Differentiable} methods that may call each other. Asserted: the compilation
 * either succeeds (so the generated code compiles) or fails with errors only on the user's source,
 * never an exception out of the processor ("An annotation processor threw an uncaught exception"
 * or a {@code RuntimeException} out of javac), never "internal error in Adjoint", never an error
 * located in a generated {@code *Grad} file.
 *
 * <p>{@code mvn verify} runs {@link #CLASSES} classes; more with
 * {@code -Dtest=ReaderFuzzTest -Dadjoint.fuzz.readerClasses=500 -Dadjoint.fuzz.firstSeed=1}.
 */
class ReaderFuzzTest {

    static final int CLASSES = 20;

    @Test
    void readerNeverBreaksOnValidJava() {
        int count = Integer.getInteger("adjoint.fuzz.readerClasses", CLASSES);
        long first = Long.getLong("adjoint.fuzz.firstSeed", 1L);
        List<String> problems = new ArrayList<>();
        int succeeded = 0;
        int rejected = 0;
        for (long seed = first; seed < first + count; seed++) {
            String source = new Gen(seed).source();
            Compilation c;
            try {
                c = AdjointCompiler.compileRaw(List.of("-parameters"), source);
            } catch (RuntimeException | Error e) {
                problems.add("seed " + seed + ": javac threw " + e + "\n" + source);
                continue;
            }
            List<String> bad = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : c.errors()) {
                String file = d.getSource() == null ? "" : d.getSource().getName();
                String message = d.getMessage(Locale.ROOT);
                if (file.endsWith("Grad.java") || message.contains("uncaught exception") || message.contains("internal error")
                        || (d.getSource() == null && message.toLowerCase(Locale.ROOT).contains("processor"))) {
                    bad.add(file + ":" + d.getLineNumber() + ": " + message);
                }
            }
            if (!bad.isEmpty()) {
                problems.add("seed " + seed + ":\n  " + String.join("\n  ", bad) + "\n" + AdjointCompiler.describe(c, source));
            } else if (c.status() == Compilation.Status.SUCCESS) {
                succeeded++;
            } else {
                rejected++;
            }
        }
        System.out.printf(Locale.ROOT, "reader fuzz: %d classes, %d compiled, %d rejected with errors on user code, %d problems%n",
                count, succeeded, rejected, problems.size());
        if (!problems.isEmpty()) {
            fail(problems.size() + " classes broke the processor; first:\n" + problems.get(0));
        }
    }

    /** Generates one class {@code p.ReadN} of valid Java. */
    static final class Gen {
        private final Random rnd;
        private final long seed;
        private int counter;

        Gen(long seed) {
            this.seed = seed;
            this.rnd = new Random(seed * 31 + 7);
        }

        String source() {
            StringBuilder sb = new StringBuilder();
            sb.append("package p;\n\nimport dev.adjoint.Differentiable;\n\n");
            sb.append("public class Read").append(seed).append(" {\n");
            sb.append("    static double field = 1.0;\n");
            sb.append("    static final double K = 2.5;\n");
            sb.append("    double instanceField;\n");
            sb.append("    static double plain(double v) { return v * 2; }\n");
            sb.append("    private static double hidden(double v) { return v + 1; }\n");
            sb.append("    double member(double v) { return v * instanceField; }\n");
            int methods = 3 + rnd.nextInt(4);
            for (int m = 0; m < methods; m++) {
                sb.append("\n    @Differentiable\n    public static double g").append(m)
                        .append("(double x, double y, double[] w, int n) {\n");
                sb.append("        double acc = x;\n");
                int statements = 1 + rnd.nextInt(5);
                for (int s = 0; s < statements; s++) {
                    sb.append(statement(m, 2));
                }
                sb.append("        return acc + ").append(expr(m)).append(";\n    }\n");
            }
            sb.append("}\n");
            return sb.toString();
        }

        private String pad(int indent) {
            return "    ".repeat(indent);
        }

        private String expr(int m) {
            return switch (rnd.nextInt(m > 0 ? 14 : 12)) {
                case 0 -> "x * y";
                case 1 -> "Math.sin(acc)";
                case 2 -> "w[0]";
                case 3 -> "(n > 0 ? x : y)";
                case 4 -> "K * x";
                case 5 -> "plain(1.0)";
                case 6 -> "(double) w.length";
                case 7 -> "field";
                case 8 -> "Math.max(x, y)";
                case 9 -> "(x + 1) / 2";
                case 10 -> "(n & 1) * x";
                case 11 -> "Math.pow(x, 2)";
                default -> "g" + rnd.nextInt(m) + "(x, acc, w, n)";
            };
        }

        private String fresh(String p) {
            return p + (counter++);
        }

        private String statement(int m, int indent) {
            String pad = pad(indent);
            String v = fresh("v");
            return switch (rnd.nextInt(40)) {
                // supported
                case 0 -> pad + "acc += " + expr(m) + ";\n";
                case 1 -> pad + "for (int " + v + " = 0; " + v + " < w.length; " + v + "++) {\n" + pad + "    acc += w[" + v + "] * "
                        + expr(m) + ";\n" + pad + "}\n";
                case 2 -> pad + "if (acc > " + expr(m) + ") {\n" + statement(m, indent + 1) + pad + "}\n";
                case 3 -> pad + "while (acc < 1 && n > 100) {\n" + pad + "    acc += 1;\n" + pad + "}\n";
                case 4 -> pad + "for (double " + v + " : w) {\n" + pad + "    acc *= Math.tanh(" + v + ");\n" + pad + "}\n";
                // rejected
                case 5 -> pad + "java.util.function.DoubleUnaryOperator " + v + " = t -> t * x;\n" + pad + "acc += " + v
                        + ".applyAsDouble(y);\n";
                case 6 -> pad + "try {\n" + pad + "    acc += " + expr(m) + ";\n" + pad + "} catch (RuntimeException e" + v + ") {\n"
                        + pad + "    acc = 0;\n" + pad + "}\n";
                // rejected until switch statements were read as if chains; now supported
                case 7 -> pad + "switch (n) {\n" + pad + "    case 1: acc += x; break;\n" + pad + "    default: acc -= y;\n" + pad + "}\n";
                case 8 -> pad + "acc += switch (n) { case 0 -> x; case 1 -> y; default -> 1.0; };\n";
                case 9 -> pad + "String " + v + " = \"s\" + x;\n" + pad + "acc += " + v + ".length() * x;\n";
                case 10 -> pad + "float " + v + " = (float) x;\n" + pad + "acc += " + v + " * 2;\n";
                case 11 -> pad + "outer" + v + ":\n" + pad + "for (int i" + v + " = 0; i" + v + " < 3; i" + v + "++) {\n" + pad
                        + "    for (int j" + v + " = 0; j" + v + " < 3; j" + v + "++) {\n" + pad + "        if (acc > 5) {\n" + pad
                        + "            break outer" + v + ";\n" + pad + "        }\n" + pad + "        acc += x;\n" + pad + "    }\n" + pad + "}\n";
                case 12 -> pad + "for (int " + v + " = 0; " + v + " < 3; " + v + "++) {\n" + pad + "    if (acc > y) {\n" + pad
                        + "        return acc;\n" + pad + "    }\n" + pad + "    acc += x;\n" + pad + "}\n";
                case 13 -> pad + "StringBuilder " + v + " = new StringBuilder();\n" + pad + "acc += " + v + ".length();\n";
                case 14 -> pad + "field = x;\n";
                case 15 -> pad + "acc += new Read" + seed + "().member(x);\n";
                case 16 -> pad + "synchronized (Read" + seed + ".class) {\n" + pad + "    acc += x;\n" + pad + "}\n";
                case 17 -> pad + "if (n < -1000) {\n" + pad + "    throw new IllegalStateException(\"n\");\n" + pad + "}\n";
                case 18 -> pad + "assert x == x : \"nan\";\n";
                case 19 -> pad + "acc += (n << 2) ^ 3;\n";
                case 20 -> pad + "int[] " + v + " = new int[3];\n" + pad + "acc += " + v + "[0] * x;\n";
                case 21 -> pad + "double[] " + v + " = {x, y};\n" + pad + "acc += " + v + "[1];\n";
                case 22 -> pad + "double[] " + v + " = w;\n" + pad + "acc += " + v + "[0];\n";
                case 23 -> pad + "if (x > 0) {\n" + pad + "    double[] " + v + " = new double[2];\n" + pad + "    " + v + "[0] = x;\n"
                        + pad + "    acc += " + v + "[0];\n" + pad + "}\n";
                case 24 -> pad + "double " + v + ";\n" + pad + "acc += (" + v + " = x * 2);\n";
                case 25 -> pad + "acc += x++;\n";
                case 26 -> pad + "acc += hidden(x);\n";
                case 27 -> pad + "acc += plain(x);\n";
                case 28 -> pad + "acc += Math.random();\n";
                case 29 -> pad + "w[0] = x;\n";
                case 30 -> pad + "long " + v + " = Math.round(x);\n" + pad + "acc += " + v + " * y;\n";
                case 31 -> pad + "Object " + v + " = x;\n" + pad + "acc += ((Double) " + v + ") * 2;\n";
                case 32 -> pad + "char " + v + " = 'a';\n" + pad + "acc += " + v + " * x;\n";
                case 33 -> pad + "boolean " + v + " = x > y;\n" + pad + "acc += " + v + " ? x : -x;\n";
                case 34 -> pad + "java.util.function.DoubleSupplier " + v + " = Math::random;\n" + pad + "acc += " + v + ".getAsDouble();\n";
                case 35 -> pad + "do {\n" + pad + "    acc *= 0.5;\n" + pad + "    if (acc < 0.1) {\n" + pad + "        continue;\n" + pad
                        + "    }\n" + pad + "} while (acc > 1 && n > 100);\n";
                case 36 -> pad + "double[][] " + v + " = new double[2][2];\n" + pad + v + "[1][0] += x;\n" + pad + "acc += " + v + "[1][0];\n";
                case 37 -> pad + "{\n" + statement(m, indent + 1) + pad + "}\n";
                case 38 -> pad + "acc = acc > 0 ? acc : (double) (int) acc;\n";
                default -> pad + "Math.sin(x);\n";
            };
        }
    }
}
