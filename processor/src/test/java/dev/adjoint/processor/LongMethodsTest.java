package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.Allocations;
import dev.adjoint.processor.testing.ArrayChecker;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.MethodSizes;
import dev.adjoint.runtime.DoubleStack;
import dev.adjoint.runtime.ObjectStack;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated methods over the JIT's size limit (HotSpot compiles no method of more than 8000 bytes of
 * bytecode) are split into parts that pass the values one leaves for another on the thread's tape: a chain
 * of dense statements, one with branches that assign a local declared without a value, an int counter,
 * a boolean, an assigned parameter, an array parameter and a callee (the thread's tape fetched again in
 * each part), one with loops that record on the thread's tapes, the callee core of a method another
 * calls, second order, methods that return early or hold long branches (whose statements are opened
 * into groups that parts end between), methods that keep objects throughout (on the object tape), and
 * loops too long for one part (their bodies in parts of their own, called on each iteration). The parts
 * compute what the whole method did; these tests hold them to
 * forward mode, finite differences and each other.
 */
class LongMethodsTest {

    private static final Compiled COMPILED = compileStrict(source(), """
            package p;

            /** Calls of the entry points that allocate nothing themselves, for the allocation meter. */
            public final class Drivers {
                static final double[] W = {0.3, -0.8};
                static final double[] BUFFER = new double[2];
                static final double[] SCALARS = new double[2];
                public static double sink;

                public static final class MixedInto implements Runnable {
                    public void run() {
                        sink += LongGrad.mixedGradientInto(0.9, 0.6, W, 2, BUFFER, SCALARS);
                    }
                }

                public static final class LoopedInto implements Runnable {
                    public void run() {
                        sink += LongGrad.loopedGradientInto(0.9, 0.6, W, 1, BUFFER, SCALARS);
                    }
                }

                /** A gradient that allocates its record (24 bytes and more) and nothing else. */
                public static final class ChainGradient implements Runnable {
                    public void run() {
                        sink += LongGrad.chainGradient(0.9, 0.6).dX();
                    }
                }
            }
            """);

    private static final ArrayChecker CHECKER = new ArrayChecker(COMPILED, "p.Long");

    private static String source() {
        StringBuilder s = new StringBuilder("""
                package p;

                import dev.adjoint.Differentiable;

                public class Long {
                    @Differentiable
                    public static double g(double a, double b) {
                        return Math.atan(a * b) + a / (2 + b * b);
                    }

                    @Differentiable
                    public static double callsChain(double x) {
                        return chain(x, 0.5 * x) + x;
                    }

                """);
        s.append(method("@Differentiable", "chain", "double x, double y", 130, false, false));
        s.append(method("@Differentiable", "guarded", "double x, double y", 140, false, false, true));
        s.append(branches());
        s.append(method("@Differentiable(hessian = true)", "curvature", "double x, double y", 110, false, false));
        s.append(method("@Differentiable(hessian = true)", "guardedCurvature", "double x, double y", 150, false, false,
                true));
        s.append(method("@Differentiable", "mixed", "double x, double y, double[] w, int m", 140, true, false));
        s.append(method("@Differentiable", "looped", "double x, double y, double[] w, int m", 140, true, true));
        s.append(objects());
        return s.append("}\n").toString();
    }

    /**
     * Methods that keep objects across their whole length: {@code tabled} a local array (and reverse
     * mode its adjoint), written at the start and in the middle, read at the end, where {@code k % 4 == 3}
     * reads past it; {@code branchTable} the same array in a long branch, whose statements are opened
     * into groups; {@code calleeCurvature} a callee, whose second
     * order keeps its gradient records.
     */
    private static String objects() {
        StringBuilder s = new StringBuilder("@Differentiable public static double tabled(double x, double y, int k) {\n"
                + "double[] t = new double[3];\nt[0] = x * y;\nt[1] = Math.sin(y);\nt[2] = x - y;\n");
        s.append(chain("a", 65, "x + y + 0.1 * t[0]", -1)).append("t[1] = t[1] * a64 + t[2];\n");
        s.append(chain("b", 65, "x - y + 0.1 * t[1] * a64", -1)).append("return b64 + t[0] * t[1] + t[k % 4];\n}\n\n");
        s.append("@Differentiable public static double branchTable(double x, double y) {\ndouble r = y;\n"
                + "if (y > -0.5) {\ndouble[] t = {x * y, Math.sin(y), x - y};\n");
        s.append(chain("a", 65, "x + y + 0.1 * t[0]", -1)).append("t[1] = t[1] * a64 + t[2];\n");
        s.append(chain("b", 65, "x - y + 0.1 * t[1] * a64", -1)).append("r = b64 + t[0] * t[1] + t[2];\n}\n"
                + "return r * x;\n}\n\n");
        s.append("@Differentiable(hessian = true) public static double calleeCurvature(double x, double y) {\n"
                + "double c = g(x, y);\n");
        s.append(chain("c", 110, "x + y + 0.1 * c", -1)).append("return c109 * c;\n}\n\n");
        return s.toString();
    }

    /**
     * Two methods whose long statements are branches: {@code branches} gives a local declared without a
     * value in both arms of 70 statements each, the else arm returning early halfway where y < -0.5;
     * {@code arms} returns from both arms, so nothing follows them.
     */
    private static String branches() {
        StringBuilder s = new StringBuilder("@Differentiable public static double branches(double x, double y) {\n"
                + "double r;\nif (x * y > 0.5) {\n");
        s.append(chain("a", 70, "x + y", -1)).append("r = a69 * y;\n} else {\n");
        s.append(chain("b", 70, "0.5 * x - y", 35)).append("r = b69 + b2;\n}\nreturn r * x;\n}\n\n");
        s.append("@Differentiable public static double arms(double x, double y) {\nif (y < 0.2) {\n");
        s.append(chain("c", 75, "x * y", -1)).append("return c74 + c0;\n} else {\n");
        s.append(chain("d", 75, "x - y", -1)).append("return d74 * d1;\n}\n}\n\n");
        return s.toString();
    }

    /** {@code count} statements {@code name0 = first; name1 = ...}, each reading the two before; a return after {@code returnAfter}. */
    private static String chain(String name, int count, String first, int returnAfter) {
        StringBuilder s = new StringBuilder("double ").append(name).append("0 = ").append(first).append(";\n");
        for (int k = 1; k < count; k++) {
            String a = name + (k - 1);
            String b = name + Math.max(0, k - 2);
            s.append("double ").append(name).append(k).append(" = ").append(switch (k % 3) {
                case 0 -> a + " * y + Math.sin(" + b + ")";
                case 1 -> "Math.exp(-" + a + " * " + a + ") + x * " + b;
                default -> a + " / (1 + " + b + " * " + b + ")";
            }).append(";\n");
            if (k == returnAfter) {
                s.append("if (y < -0.5) {\nreturn ").append(name).append(k).append(" * x;\n}\n");
            }
        }
        return s.toString();
    }

    /**
     * A method of {@code statements} statements, each one reading the two before it. {@code mixed} adds
     * a local assigned in both branches of an {@code if}, an int counter, a boolean, a long read at the
     * end (in two slots of the frame), calls of {@code g} and an assignment of {@code x}; {@code loops}
     * adds loops.
     */
    private static String method(String annotation, String name, String parameters, int statements, boolean mixed,
            boolean loops) {
        return method(annotation, name, parameters, statements, mixed, loops, false);
    }

    /** As above; {@code guards} adds two early returns, after statement 40 and after statement 90. */
    private static String method(String annotation, String name, String parameters, int statements, boolean mixed,
            boolean loops, boolean guards) {
        StringBuilder s = new StringBuilder(annotation).append(" public static double ").append(name).append("(")
                .append(parameters).append(") {\n");
        if (mixed) {
            s.append("double v0 = x * y + w[0];\ndouble v1 = Math.sin(x) + y * w[1];\nint count = 0;\n"
                    + "boolean flag = false;\nlong bits = Double.doubleToRawLongBits(y) ^ 0x5DEECE66DL;\n"
                    + "x = x * 0.999 + 0.001 * y;\n");
        } else {
            s.append("double v0 = x * y;\ndouble v1 = Math.sin(x) + y;\n");
        }
        for (int k = 2; k < statements; k++) {
            if (guards && k == 41) {
                s.append("if (x > 2.0) {\nreturn v40 * y;\n}\n");
            } else if (guards && k == 91) {
                s.append("if (y < -0.5) {\nreturn v90 + x;\n}\n");
            }
            String a = "v" + (k - 1);
            String b = "v" + (k - 2);
            String v = "v" + k;
            if (mixed && k % 9 == 3) {
                s.append("double ").append(v).append(";\nif (").append(a).append(" > ").append(b).append(") { ")
                        .append(v).append(" = ").append(a).append(" * 0.5 + Math.cos(").append(b)
                        .append("); count++; } else { ").append(v).append(" = ").append(b).append(" - 0.25 * ")
                        .append(a).append("; flag = !flag; }\n");
            } else if (mixed && k % 9 == 5) {
                s.append("double ").append(v).append(" = g(").append(a).append(", ").append(b)
                        .append(") + (flag ? 0.1 : -0.1) * x + count * 1e-3;\n");
            } else if (loops && k % 9 == 7) {
                s.append("double ").append(v).append(" = ").append(a).append(";\nfor (int i = 0; i < m; i++) { ")
                        .append(v).append(" = Math.sin(").append(v).append(") * 0.9 + ").append(b)
                        .append(" * 0.05; }\n");
            } else {
                s.append("double ").append(v).append(" = ").append(switch (k % 4) {
                    case 0 -> a + " * y + Math.sin(" + b + ")";
                    case 1 -> "Math.exp(-" + a + " * " + a + ") + x * " + b;
                    case 2 -> a + " / (1 + " + b + " * " + b + ")";
                    default -> "Math.log1p(" + a + " * " + a + ") - 0.5 * " + b;
                }).append(";\n");
            }
        }
        // with loops, an index out of bounds (m % 3 == 2) fails the gradient after the loops recorded
        s.append("return v").append(statements - 1).append(mixed ? " + v0 * count + 1e-3 * (bits >>> 59)" : " + v0")
                .append(loops ? " + w[m % 3]" : "").append(";\n}\n\n");
        return s.toString();
    }

    @Test
    void longMethodsAreSplitIntoPartsEachShortEnoughForTheJit() {
        Map<String, Integer> sizes = MethodSizes.of(COMPILED, "p.LongGrad");
        for (String part : new String[] {"chainForwardSweepPart1", "guardedForwardSweepPart1", "chainGradientOntoPart1", "mixedForwardSweepPart1",
                "mixedGradientIntoZeroedPart1", "curvatureTangentGradientPart1", "loopedGradientIntoZeroedPart1",
                "guardedGradientPart1", "branchesGradientPart1", "branchesForwardSweepPart1", "armsGradientPart1",
                "armsForwardSweepPart1", "guardedCurvatureTangentPart1", "guardedCurvatureTangentGradientPart1",
                "tabledGradientPart1", "tabledForwardSweepPart1", "calleeCurvatureTangentGradientPart1",
                "branchTableGradientPart1", "branchTableForwardSweepPart1"}) {
            assertTrue(sizes.keySet().stream().anyMatch(m -> m.startsWith(part + "(")), part + " in " + sizes.keySet());
        }
        sizes.forEach((method, size) -> assertTrue(size <= 8000, method + ": " + size + " bytes"));
    }

    @Test
    void theMainMethodKeepsTheFrameOnTheTapeAndCallsThePartsInTurn() {
        String main = COMPILED.generatedMethod("p.LongGrad", "chainGradientOnto");
        assertTrue(main.contains("int frameStart = doubleTape.size();"), main);
        assertTrue(main.contains("LongGrad.chainGradientOntoPart1(x, y, doubleTape, frameStart);"), main);
        // given back under the partials the last part pushed for the caller
        assertTrue(main.contains("doubleTape.remove(frameStart, "), main);
        String part = COMPILED.generatedMethod("p.LongGrad", "mixedGradientIntoZeroedPart2");
        // the thread's tape fetched again; the values read from its array
        assertTrue(part.contains("DoubleStack doubleTape = DoubleStack.forThisThread();"), part);
        assertTrue(part.contains("double[] frame = doubleTape.values();"), part);
        assertTrue(part.contains("= frame[frameStart + "), part);
    }

    /**
     * A forward sweep that returns early is split past its returns: a part that returned leaves the
     * Dual in the frame, and the method calling the parts returns it.
     */
    @Test
    void aForwardSweepReturnsFromTheMiddleOfItsParts() {
        String main = COMPILED.generatedMethod("p.LongGrad", "guardedForwardSweep");
        assertTrue(main.contains("if (LongGrad.guardedForwardSweepPart1(x, y, frameStart)) {"), main);
        assertTrue(main.contains("return returned;"), main);
        Map<String, Integer> sizes = MethodSizes.of(COMPILED, "p.LongGrad");
        assertTrue(sizes.keySet().stream().anyMatch(m -> m.startsWith("guardedForwardSweepPart2(")),
                sizes.keySet().toString());
        for (double[] point : new double[][] {{2.5, 0.7}, {0.3, -0.9}, {0.3, 0.7}}) {
            double[] reverse = CHECKER.reverse("guarded", point[0], point[1]);
            double[] forward = CHECKER.forward("guarded", point[0], point[1]);
            assertEquals(CHECKER.value("guarded", point[0], point[1]), reverse[0], 0.0);
            assertEquals(reverse[1], forward[0], 1e-12 * Math.max(1, Math.abs(reverse[1])));
            assertEquals(reverse[2], forward[1], 1e-12 * Math.max(1, Math.abs(reverse[2])));
        }
    }

    /**
     * Reverse mode of a method that returns early is split inside its sweeps: the forward sweep, one
     * labelled block that each return leaves, and the adjoint sweep, a branch on the return taken, stand
     * in groups of their statements that parts end between ({@code UnnestLongStatements}); so do long
     * branches of the user's. The parts give the gradients of both modes, on every path.
     */
    @Test
    void methodsThatReturnEarlyAndLongBranchesAreSplitInsideThem() {
        Map<String, Integer> sizes = MethodSizes.of(COMPILED, "p.LongGrad");
        StringBuilder guardedParts = new StringBuilder();
        sizes.keySet().stream().filter(m -> m.startsWith("guardedGradientPart"))
                .forEach(m -> guardedParts.append(COMPILED.generatedMethod("p.LongGrad", m.substring(0, m.indexOf('(')))));
        // later groups of the forward sweep run where no return left it; the adjoint sweep tests the exit again
        assertTrue(guardedParts.indexOf("left = true;\n") >= 0, guardedParts.toString());
        assertTrue(guardedParts.indexOf("if (!left) {\n") >= 0, guardedParts.toString());
        assertTrue(guardedParts.indexOf("if (exit != ") >= 0, guardedParts.toString());
        // the then arm; the else arm returning early; the else arm to its end
        for (double[] point : new double[][] {{1.5, 0.6}, {0.3, -0.9}, {0.3, 0.1}, {-0.7, 0.4}}) {
            for (String method : new String[] {"guarded", "branches", "arms"}) {
                double[] reverse = CHECKER.reverse(method, point[0], point[1]);
                double[] forward = CHECKER.forward(method, point[0], point[1]);
                assertEquals(CHECKER.value(method, point[0], point[1]), reverse[0], 0.0, method);
                assertEquals(reverse[1], forward[0], 1e-12 * Math.max(1, Math.abs(reverse[1])), method);
                assertEquals(reverse[2], forward[1], 1e-12 * Math.max(1, Math.abs(reverse[2])), method);
            }
            CHECKER.check("branches", 1e-6, point[0], point[1]);
        }
    }

    /**
     * The frame is the thread's tape, grown once: {@code fGradientInto} of a split method allocates
     * nothing per call, and a loop-free gradient only its record.
     */
    @Test
    void partsAllocateNothingPerCall() throws Exception {
        long meter = Allocations.perRunOnceWarm(() -> { });
        for (String driver : new String[] {"MixedInto", "LoopedInto"}) {
            assertEquals(0, Allocations.perRunOnceWarm(driver(driver)) - meter, driver + " allocates");
        }
        long record = Allocations.perRunOnceWarm(driver("ChainGradient")) - meter;
        assertTrue(record > 0 && record <= 48, "chainGradient allocates " + record + " bytes");
    }

    private static Runnable driver(String name) throws ReflectiveOperationException {
        return (Runnable) COMPILED.load("p.Drivers$" + name).getDeclaredConstructor().newInstance();
    }

    @Test
    void partsGiveTheGradientsOfTheWholeMethod() {
        for (double[] point : new double[][] {{0.3, 0.7}, {-1.2, 0.4}, {2.5, -0.9}}) {
            CHECKER.check("chain", 1e-6, point[0], point[1]);
            // returns after statement 40 where x > 2, after statement 90 where y < -0.5
            CHECKER.check("guarded", 1e-6, point[0], point[1]);
            CHECKER.check("curvature", 1e-6, point[0], point[1]);
            for (int m : new int[] {0, 1, 3}) {
                double[] w = {0.4 * point[1], -0.3 + point[0]};
                CHECKER.check("mixed", 1e-6, point[0], point[1], w, m);
                CHECKER.check("looped", 1e-6, point[0], point[1], w, m);
            }
        }
        // (at x = 2.5 central differences need a step of 1e-7 to find the derivative: not there)
        for (double x : new double[] {0.3, -1.2, 0.9}) {
            CHECKER.check("callsChain", 1e-6, x);
        }
    }

    /**
     * The method that calls the parts takes back what they recorded on the thread's tapes when one fails,
     * as the whole method would ({@code TakeBackOnFailure}).
     */
    @Test
    void aFailedGradientInPartsLeavesNothingOnTheTapes() throws Exception {
        String main = COMPILED.generatedMethod("p.LongGrad", "loopedGradientIntoZeroed");
        assertTrue(main.contains("} catch (Throwable failure) {") && main.contains("doubleTape.setSize(frameStart);"), main);
        Method gradient = COMPILED.gradClassFor("p.Long").getMethod("loopedGradient", double.class, double.class,
                double[].class, int.class);
        int before = DoubleStack.forThisThread().size();
        InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                () -> gradient.invoke(null, 0.3, 0.7, new double[] {0.4, -0.2}, 2));
        assertTrue(failure.getCause() instanceof ArrayIndexOutOfBoundsException, failure.getCause().toString());
        assertEquals(before, DoubleStack.forThisThread().size());
    }

    @Test
    void intoTheCallersBuffersGivesTheGradientBitForBit() throws Exception {
        Class<?> grad = COMPILED.gradClassFor("p.Long");
        Method into = grad.getMethod("mixedGradientInto", double.class, double.class, double[].class, int.class,
                double[].class, double[].class);
        double[] w = {0.3, -0.8};
        double[] dW = new double[2];
        double[] scalars = new double[2];
        double value = (double) into.invoke(null, 0.9, 0.6, w, 2, dW, scalars);
        double[] reverse = CHECKER.reverse("mixed", 0.9, 0.6, w, 2);
        assertEquals(reverse[0], value, 0.0);
        assertArrayEquals(Arrays.copyOfRange(reverse, 1, 5), new double[] {scalars[0], scalars[1], dW[0], dW[1]}, 0.0);
    }

    /**
     * Second order of long methods, {@code guardedCurvature} returning early after statement 40 where
     * x > 2 and after statement 90 where y < -0.5: its tangent function, a {@code double} returned from a
     * part, and the tangent's reverse mode are split too.
     */
    @Test
    void theHessianOfALongMethodMatchesDifferencesOfItsGradient() throws Exception {
        for (String name : new String[] {"curvature", "guardedCurvature", "calleeCurvature"}) {
            Method hessian = COMPILED.gradClassFor("p.Long").getMethod(name + "Hessian", double.class, double.class);
            for (double[] point : new double[][] {{0.3, 0.7}, {2.5, 0.7}, {0.3, -0.9}}) {
                double x = point[0];
                double y = point[1];
                double[][] exact = (double[][]) hessian.invoke(null, x, y);
                double h = 1e-5;
                double[][] columns = {
                    difference(CHECKER.reverse(name, x + h, y), CHECKER.reverse(name, x - h, y), h),
                    difference(CHECKER.reverse(name, x, y + h), CHECKER.reverse(name, x, y - h), h),
                };
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 2; j++) {
                        assertEquals(columns[i][j], exact[i][j], 1e-6 * Math.max(1, Math.abs(exact[i][j])),
                                name + " at " + Arrays.toString(point) + ": " + i + "," + j);
                    }
                }
            }
        }
    }

    /**
     * A method whose derivatives, whole, would pass the JVM's limit of 65 535 bytes for one method (which
     * the processor refused before it printed long methods in parts) compiles, and its gradient is right:
     * its reverse mode, and the callee core a caller uses.
     */
    @Test
    void aMethodPastTheJvmLimitForOneMethodCompilesInParts() {
        Compiled huge = compileStrict("package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Huge {\n"
                + method("@Differentiable", "chain", "double x, double y", 700, false, false)
                + "@Differentiable public static double twice(double x) {\nreturn chain(x, 0.4) * chain(0.4, x);\n}\n}\n");
        Map<String, Integer> sizes = MethodSizes.of(huge, "p.HugeGrad");
        sizes.forEach((method, size) -> assertTrue(size <= 8000, method + ": " + size + " bytes"));
        assertTrue(sizes.keySet().stream().anyMatch(m -> m.startsWith("chainGradientOntoPart12(")), sizes.keySet().toString());
        ArrayChecker checker = new ArrayChecker(huge, "p.Huge");
        checker.check("chain", 1e-6, 0.3, 0.7);
        checker.check("twice", 1e-6, 0.3);
    }

    /**
     * Objects a method keeps across its parts (an array and its adjoint, a callee's gradient records) pass
     * on the thread's object tape, cast back where a part reads them; the tape is given back, its entries
     * cleared, when the gradient returns and when it fails.
     */
    @Test
    void objectsPassFromPartToPartOnTheObjectTape() throws Exception {
        String part = COMPILED.generatedMethod("p.LongGrad", "tabledGradientPart2");
        assertTrue(part.contains("ObjectStack objectTape = ObjectStack.forThisThread();"), part);
        assertTrue(part.contains("double[] t = (double[]) objects[objectFrameStart];"), part);
        ObjectStack objects = ObjectStack.forThisThread();
        int before = objects.size();
        for (double[] point : new double[][] {{0.3, 0.7}, {-1.2, 0.4}, {0.9, 0.6}}) {
            for (int k = 0; k < 3; k++) {
                CHECKER.check("tabled", 1e-6, point[0], point[1], k);
            }
            CHECKER.check("calleeCurvature", 1e-6, point[0], point[1]);
            CHECKER.check("branchTable", 1e-6, point[0], point[1]);
            CHECKER.check("branchTable", 1e-6, point[0], -point[1] - 0.6);
        }
        // the branch opened into groups: the array declared before them, made in the first
        String branch = COMPILED.generatedMethod("p.LongGrad", "branchTableForwardSweepPart1");
        assertTrue(branch.contains("double[] t = null;"), branch);
        assertEquals(before, objects.size());
        Method gradient = COMPILED.gradClassFor("p.Long").getMethod("tabledGradient", double.class, double.class,
                int.class);
        InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                () -> gradient.invoke(null, 0.3, 0.7, 3));
        assertTrue(failure.getCause() instanceof ArrayIndexOutOfBoundsException, failure.getCause().toString());
        assertEquals(before, objects.size());
        for (int i = before; i < objects.values().length; i++) {
            assertEquals(null, objects.values()[i], "entry " + i + " keeps an object alive");
        }
    }

    /**
     * A loop whose derivative is longer than a part cannot be opened: its body runs in parts of its own,
     * called on each iteration, so that every method is one the JIT compiles. Before, such a loop got
     * one part over the JIT's limit (run by the interpreter); before that, the whole method stayed one,
     * and with 600 statements after the loop its reverse mode, past the JVM's limit of 64 KB for one
     * method, was refused.
     */
    @Test
    void aLoopTooLongForOnePartRunsItsBodyInParts() {
        Compiled looped = compileStrict("package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class LongLoop {\n"
                + loopThenChain("shortTail", 130) + loopThenChain("longTail", 600) + "}\n");
        Map<String, Integer> sizes = MethodSizes.of(looped, "p.LongLoopGrad");
        for (String part : new String[] {"longTailGradientPart2(", "shortTailGradientLoop1Part1(",
                "shortTailForwardSweepLoop1Part2(", "longTailGradientLoop1Part1("}) {
            assertTrue(sizes.keySet().stream().anyMatch(m -> m.startsWith(part)), part + " in " + sizes.keySet());
        }
        sizes.forEach((method, size) -> assertTrue(size <= 8000, method + ": " + size + " bytes, over the JIT's limit"));
        ArrayChecker checker = new ArrayChecker(looped, "p.LongLoop");
        for (double[] point : new double[][] {{0.3, 0.7}, {-1.2, 0.4}, {0.9, 0.6}}) {
            for (int m : new int[] {0, 1, 3}) {
                checker.check("shortTail", 1e-6, point[0], point[1], m);
                checker.check("longTail", 1e-6, point[0], point[1], m);
            }
        }
    }

    /**
     * Long loop bodies in the shapes whose values the frame must carry from part to part, from iteration
     * to iteration and out of the loop: a {@code while} loop whose condition reads what the body assigns
     * (with second order), a {@code do} loop that writes an array made before it, a loop in a method that
     * returns early (its forward sweep opened into groups, the loop in one), a long loop inside another's
     * body, and a loop its body may leave by {@code break} (which runs whole, in a part of its own). Every
     * method the JIT compiles; every derivative agrees with forward mode and differences, the Hessians
     * with differences of the gradient.
     */
    @Test
    void longLoopBodiesCarryTheirValuesThroughTheFrame() throws Exception {
        String source = "package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class Loops {\n"
                + "@Differentiable(hessian = true) public static double converge(double x, double y, int m) {\n"
                + "double s = x;\ndouble err = 1.0;\nint k = 0;\nwhile (err > 1e-3 && k < m + 2) {\n"
                + chain("u", 130, "s * y + x", -1)
                + "double next = 0.5 * s + 0.1 * Math.tanh(u129);\nerr = Math.abs(next - s) + 0.3 / (k + 1);\n"
                + "s = next;\nk++;\n}\nreturn s * y + k;\n}\n\n"
                + "@Differentiable public static double doArray(double x, double y, int m) {\n"
                + "double[] a = new double[4];\na[0] = x;\na[1] = y;\nint k = 0;\ndo {\n"
                + chain("u", 110, "a[k % 2] * y + x", -1)
                + "a[(k + 2) % 4] = a[k % 4] * 0.5 + 0.01 * u109;\na[k % 2] = 0.9 * a[k % 2] + 0.05 * Math.sin(u108);\n"
                + "k++;\n} while (k < m + 1);\nreturn a[0] + a[1] * a[2] + a[3];\n}\n\n"
                + "@Differentiable public static double guarded(double x, double y, int m) {\n"
                + "if (!(y > -5)) {\nreturn 0.0;\n}\ndouble s = x;\nfor (int i = 0; i < m; i++) {\n"
                + chain("u", 110, "s * y + x", -1) + "s = 0.5 * s + 0.1 * Math.tanh(u109);\n}\nreturn s * y;\n}\n\n"
                + "@Differentiable public static double nested(double x, double y, int m) {\n"
                + "double s = x;\nfor (int i = 0; i < m; i++) {\ndouble t = s;\nfor (int j = 0; j < 2; j++) {\n"
                + chain("u", 120, "t * y + x", -1) + "t = 0.5 * t + 0.1 * Math.tanh(u119);\n}\n"
                + chain("w", 40, "s + t", -1) + "s = 0.5 * s + 0.1 * Math.tanh(w39) + 0.2 * t;\n}\nreturn s * y;\n}\n\n"
                + "@Differentiable public static double breaks(double x, double y, int m) {\n"
                + "double s = x;\nfor (int i = 0; i < m + 1; i++) {\n" + chain("u", 110, "s * y + x", -1)
                + "s = 0.5 * s + 0.1 * Math.tanh(u109);\nif (s > 10) {\nbreak;\n}\n}\nreturn s * y;\n}\n}\n";
        Compiled looped = compileStrict(source);
        Map<String, Integer> sizes = MethodSizes.of(looped, "p.LoopsGrad");
        for (String part : new String[] {"convergeGradientLoop1Part1(", "convergeForwardSweepLoop1Part1(",
                "convergeTangentGradientLoop1Part1(", "doArrayGradientLoop1Part1(", "guardedGradientLoop1Part1(",
                "nestedGradientLoop1Part1(", "nestedGradientLoop2Part1("}) {
            assertTrue(sizes.keySet().stream().anyMatch(m -> m.startsWith(part)), part + " in " + sizes.keySet());
        }
        sizes.forEach((method, size) -> assertTrue(size <= 8000, method + ": " + size + " bytes, over the JIT's limit"));
        ArrayChecker checker = new ArrayChecker(looped, "p.Loops");
        for (double[] point : new double[][] {{0.3, 0.7}, {-1.2, 0.4}, {0.9, 0.6}}) {
            for (int m : new int[] {0, 1, 3}) {
                for (String name : new String[] {"converge", "doArray", "guarded", "nested", "breaks"}) {
                    checker.check(name, 1e-6, point[0], point[1], m);
                }
            }
            Method hessian = looped.gradClassFor("p.Loops").getMethod("convergeHessian", double.class, double.class,
                    int.class);
            double[][] exact = (double[][]) hessian.invoke(null, point[0], point[1], 2);
            double h = 1e-5;
            double[][] columns = {
                difference(checker.reverse("converge", point[0] + h, point[1], 2),
                        checker.reverse("converge", point[0] - h, point[1], 2), h),
                difference(checker.reverse("converge", point[0], point[1] + h, 2),
                        checker.reverse("converge", point[0], point[1] - h, 2), h),
            };
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(columns[i][j], exact[i][j], 1e-5 * Math.max(1, Math.abs(exact[i][j])),
                            "converge at " + Arrays.toString(point) + ": " + i + "," + j);
                }
            }
        }
    }

    /**
     * A loop whose body's derivative alone would pass the JVM's limit of 64 KB for one method, which the
     * processor refused while a loop's body ran whole, compiles with its body in parts, and its gradient
     * is right.
     */
    @Test
    void aLoopPastTheJvmLimitForOneMethodCompilesWithItsBodyInParts() {
        StringBuilder source = new StringBuilder("package p;\n\nimport dev.adjoint.Differentiable;\n\npublic class HugeLoop {\n"
                + "@Differentiable public static double huge(double x, double y, int n) {\n"
                + "for (int k = 0; k < n; k++) {\ndouble v0 = x * y;\n");
        for (int i = 1; i < 900; i++) {
            source.append("double v").append(i).append(" = Math.sin(v").append(i - 1).append(") * y + Math.log1p(v")
                    .append(i - 1).append(" * v").append(i - 1).append(") / (1 + x * v").append(i - 1).append(");\n");
        }
        source.append("x = 0.5 * x + 0.1 * Math.tanh(v899);\n}\nreturn x; }\n}\n");
        Compiled huge = compileStrict(source.toString());
        MethodSizes.of(huge, "p.HugeLoopGrad").forEach((method, size) ->
                assertTrue(size <= 8000, method + ": " + size + " bytes, over the JIT's limit"));
        ArrayChecker checker = new ArrayChecker(huge, "p.HugeLoop");
        checker.check("huge", 1e-6, 0.3, 0.7, 2);
        checker.check("huge", 1e-6, -0.4, 1.1, 1);
    }

    /** A loop of 120 dense statements run {@code m} times, then a chain of {@code tail} statements. */
    private static String loopThenChain(String name, int tail) {
        return "@Differentiable public static double " + name + "(double x, double y, int m) {\ndouble s = x;\n"
                + "for (int i = 0; i < m; i++) {\n" + chain("u", 120, "s * y + x", -1)
                + "s = 0.5 * s + 0.1 * Math.tanh(u119);\n}\n" + chain("v", tail, "s + y", -1)
                + "return v" + (tail - 1) + " + s;\n}\n\n";
    }

    /** The central difference of two gradients (value first), {@code h} either side. */
    private static double[] difference(double[] plus, double[] minus, double h) {
        return new double[] {(plus[1] - minus[1]) / (2 * h), (plus[2] - minus[2]) / (2 * h)};
    }
}
