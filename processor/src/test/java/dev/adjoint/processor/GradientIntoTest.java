package dev.adjoint.processor;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.Allocations;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.StaticCalls;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code fGradientInto}, reverse mode into the caller's buffers, for methods taking arrays: the same
 * numbers as {@code fGradient} bit for bit over every golden shape, buffers overwritten rather than added
 * to, nothing allocated per call once warm, and every wrong buffer refused before anything is written.
 * Both call one adjoint code, which is written once.
 */
class GradientIntoTest {

    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    private static final String SHAPES = """
            package p;

            import dev.adjoint.Differentiable;

            public class Shapes {
                @Differentiable
                public static double rosenbrock(double[] x) {
                    double sum = 0;
                    for (int i = 0; i < x.length - 1; i++) {
                        double a = x[i + 1] - x[i] * x[i];
                        double b = 1 - x[i];
                        sum += 100 * a * a + b * b;
                    }
                    return sum;
                }

                @Differentiable
                public static double q6(double x, double y, double z) {
                    return Math.tanh(Math.log(1 + z * (2 * x / Math.sin(y))));
                }

                @Differentiable
                public static double quadraticForm(double[][] a, double[] x) {
                    double s = 0;
                    for (int i = 0; i < x.length; i++) {
                        for (int j = 0; j < x.length; j++) {
                            s += x[i] * a[i][j] * x[j];
                        }
                    }
                    return s;
                }

                /** Carries state from step to step: the reverse sweep reads a tape. */
                @Differentiable
                public static double logisticMap(double x, double r, int steps) {
                    for (int i = 0; i < steps; i++) {
                        x = r * x * (1 - x);
                    }
                    return x;
                }

                @Differentiable(wrt = {"w", "b"})
                public static double loss(double[] w, double b, double[][] xs, double[] ys) {
                    double sum = 0;
                    for (int i = 0; i < xs.length; i++) {
                        double z = b;
                        for (int j = 0; j < w.length; j++) {
                            z += w[j] * xs[i][j];
                        }
                        double d = z - ys[i];
                        sum += d * d;
                    }
                    return sum / xs.length;
                }

                /** A branch in a loop that carries state: the adjoint sweep reads which way each step went. */
                @Differentiable
                public static double clippedPath(double[] moves, double s) {
                    for (int i = 0; i < moves.length; i++) {
                        s = s * (1 + moves[i]);
                        if (s > 1.5) {
                            s = 1.5 + Math.log(s - 0.5);
                        } else {
                            s = s - 0.1 * moves[i] * s;
                        }
                    }
                    return s;
                }

                /**
                 * A loop that stops once it settles, from a branch: its way is recorded at the break as well
                 * as after it, on the thread's tape.
                 */
                @Differentiable
                public static double settle(double[] w, double x) {
                    double s = x;
                    for (int i = 0; i < w.length; i++) {
                        double next = 0.5 * (s + (2 + 1e-3 * w[i]) / s);
                        if (Math.abs(next - s) < 1e-3) {
                            s = next * (1 + w[i] * w[i]);
                            break;
                        }
                        s = next;
                    }
                    return s;
                }

                @Differentiable
                public static double rms(double[] a) {
                    if (a == null) {
                        return 0;
                    }
                    double s = 0;
                    for (int i = 0; i < a.length; i++) {
                        s += a[i] * a[i];
                    }
                    return Math.sqrt(s / a.length);
                }
            }
            """;

    /** Calls of each entry point for the allocation test, compiled with the shapes (no reflection, no boxing). */
    private static final String DRIVERS = """
            package p;

            public final class Drivers {
                public static double sink;

                static double[] data(int n, int seed) {
                    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
                    double[] v = new double[n];
                    for (int i = 0; i < n; i++) {
                        v[i] = random.nextDouble(-1, 1);
                    }
                    return v;
                }

                public static final class RosenbrockInto implements Runnable {
                    final double[] x = data(1000, 1);
                    final double[] dX = new double[1000];

                    public void run() {
                        sink += ShapesGrad.rosenbrockGradientInto(x, dX) + dX[7];
                    }
                }

                public static final class RosenbrockAllocating implements Runnable {
                    final double[] x = data(1000, 1);

                    public void run() {
                        sink += ShapesGrad.rosenbrockGradient(x).dX()[7];
                    }
                }

                public static final class QuadraticFormInto implements Runnable {
                    final double[][] a = {data(4, 2), data(4, 3), data(4, 4), data(4, 5)};
                    final double[] x = data(4, 6);
                    final double[][] dA = new double[4][4];
                    final double[] dX = new double[4];

                    public void run() {
                        sink += ShapesGrad.quadraticFormGradientInto(a, x, dA, dX) + dA[1][2];
                    }
                }

                public static final class ClippedPathInto implements Runnable {
                    final double[] moves = data(1000, 12);
                    final double[] dMoves = new double[1000];
                    final double[] partials = new double[1];

                    public void run() {
                        sink += ShapesGrad.clippedPathGradientInto(moves, 0.9, dMoves, partials) + dMoves[3] + partials[0];
                    }
                }

                public static final class SettleInto implements Runnable {
                    final double[] w = data(1000, 13);
                    final double[] dW = new double[1000];
                    final double[] partials = new double[1];

                    public void run() {
                        sink += ShapesGrad.settleGradientInto(w, 3.0, dW, partials) + dW[2] + partials[0];
                    }
                }

                public static final class LossInto implements Runnable {
                    final double[] w = data(5, 7);
                    final double[][] xs = {data(5, 8), data(5, 9), data(5, 10)};
                    final double[] ys = data(3, 11);
                    final double[] dW = new double[5];
                    final double[] partials = new double[1];

                    public void run() {
                        sink += ShapesGrad.lossGradientInto(w, 0.5, xs, ys, dW, partials) + dW[2] + partials[0];
                    }
                }
            }
            """;

    @Test
    void entryPointsGiveTheGradientsNumbersBitForBitOverEveryGoldenShape() throws Exception {
        int compared = 0;
        List<String> cases = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(GOLDEN)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Compiled c = AdjointCompiler.compileAgainst(GoldenFilesTest.publishedJars(dir),
                        sourcesOf(dir).toArray(String[]::new));
                int before = compared;
                for (String name : c.classNames()) {
                    if (name.endsWith("Grad") && !name.contains("$")) {
                        compared += compareAll(c.load(name));
                    }
                }
                cases.add(dir.getFileName() + ": " + (compared - before));
            }
        }
        assertTrue(compared >= 11, "entry points compared per golden case (methods taking arrays): " + cases);
    }

    @Test
    void shapesGiveTheGradientsNumbersAndOverwriteTheirBuffers() throws Exception {
        Class<?> grad = AdjointCompiler.compile(SHAPES).gradClassFor("p.Shapes");
        assertEquals(6, compareAll(grad), "rosenbrock, quadraticForm, loss, clippedPath, settle and rms");
    }

    @Test
    void nothingIsAllocatedPerCallOnceWarm() throws Exception {
        Compiled c = AdjointCompiler.compile(SHAPES, DRIVERS);
        long meter = Allocations.perRunOnceWarm(() -> { });
        assertTrue(Allocations.perRunOnceWarm(driver(c, "RosenbrockAllocating")) - meter >= 8000,
                "the meter sees the allocating gradient's double[1000]");
        // ClippedPath and Settle: the way each step went is read back from the thread's boolean tape, not
        // from a tape made for the call (Settle's branch, which a break leaves, records it at the break).
        for (String driver : List.of("RosenbrockInto", "QuadraticFormInto", "LossInto", "ClippedPathInto",
                "SettleInto")) {
            assertEquals(0, Allocations.perRunOnceWarm(driver(c, driver)) - meter, driver + " allocates");
        }
    }

    @Test
    void wrongBuffersAreRefusedBeforeAnythingIsWritten() {
        Class<?> grad = AdjointCompiler.compile(SHAPES).gradClassFor("p.Shapes");
        double[] x = {0.5, -0.25, 1.5};
        assertRefused("dX must be a double[3], as long as x", grad, "rosenbrockGradientInto", x, new double[2]);
        assertRefused("dX must be a double[3], as long as x", grad, "rosenbrockGradientInto", x, null);
        assertRefused("dX must be an array of its own, not x", grad, "rosenbrockGradientInto", x, x);

        double[][] a = {{1, 2}, {3, 4}};
        double[] v = {0.5, 0.25};
        double[] dX = {7, 7};
        assertRefused("dA must be a double[2][], shaped like a", grad, "quadraticFormGradientInto", a, v,
                new double[3][2], dX);
        assertRefused("dA[1] must be a double[2] of its own, as long as a[1]", grad, "quadraticFormGradientInto", a, v,
                new double[][] {{0, 0}, {0}}, dX);
        // A shallow clone shares its rows with the argument.
        assertRefused("dA[0] must be a double[2] of its own, as long as a[0]", grad, "quadraticFormGradientInto", a, v,
                a.clone(), dX);
        assertRefused("dX must be an array of its own, not x", grad, "quadraticFormGradientInto", a, v,
                new double[2][2], v);
        assertArrayEquals(new double[] {7, 7}, dX, "a refused call writes nothing");

        double[] w = {0.1, 0.2};
        double[][] xs = {{1, 2}, {3, 4}};
        double[] ys = {1, 0};
        double[] dW = {7, 7};
        assertRefused("dW must be an array of its own, not w or ys", grad, "lossGradientInto", w, 0.5, xs, ys, ys,
                new double[1]);
        double[] one = {1};
        assertRefused("scalarPartials must be an array of its own, not w, ys or dW", grad, "lossGradientInto",
                new double[] {0.1}, 0.5, new double[][] {{1}}, one, new double[1], one);
        assertRefused("scalarPartials must be a double[1] for the partial derivatives with respect to b", grad,
                "lossGradientInto", w, 0.5, xs, ys, dW, new double[2]);
        assertArrayEquals(new double[] {7, 7}, dW, "a refused call writes nothing");
    }

    @Test
    void theBufferRowOfANullRowIsNeitherCheckedNorWritten() {
        Class<?> grad = AdjointCompiler.compile(SHAPES).gradClassFor("p.Shapes");
        double[][] a = {{1, 2}, null};
        double[] x = {0.5};
        Object fresh = StaticCalls.call(grad, "quadraticFormGradient", a, x);
        double[][] dA = {{7, 7}, {7}};
        double[] dX = {7};
        double value = (Double) StaticCalls.call(grad, "quadraticFormGradientInto", a, x, dA, dX);
        assertEquals(component(fresh, "value"), value);
        assertArrayEquals((double[]) component(fresh, "dX"), dX);
        assertArrayEquals(((double[][]) component(fresh, "dA"))[0], dA[0]);
        assertNull(((double[][]) component(fresh, "dA"))[1]);
        assertArrayEquals(new double[] {7}, dA[1], "the row of a null row is left alone");
        double[][] withNullRow = {{7, 7}, null};
        StaticCalls.call(grad, "quadraticFormGradientInto", a, x, withNullRow, dX);
        assertArrayEquals(dA[0], withNullRow[0]);
    }

    @Test
    void aNullArgumentsBufferIsNeitherCheckedNorWritten() {
        Class<?> grad = AdjointCompiler.compile(SHAPES).gradClassFor("p.Shapes");
        assertEquals(0.0, StaticCalls.call(grad, "rmsGradientInto", null, null));
        double[] untouched = {7, 7, 7};
        assertEquals(0.0, StaticCalls.call(grad, "rmsGradientInto", null, untouched));
        assertArrayEquals(new double[] {7, 7, 7}, untouched);
    }

    @Test
    void overloadsWhoseEntryPointsWouldCollideGetNone() {
        Class<?> grad = AdjointCompiler.compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Collide {
                    @Differentiable
                    public static double f(double[] a, double[] b) {
                        return a[0] * b[0];
                    }

                    @Differentiable(wrt = "a")
                    public static double f(double[] a, double[] b, double[] c) {
                        return a[0] * b[0] * c[0];
                    }

                    @Differentiable
                    public static double f(double[] a, double x) {
                        return a[0] * x;
                    }
                }
                """).gradClassFor("p.Collide");
        List<Method> into = Arrays.stream(grad.getMethods()).filter(m -> m.getName().equals("fGradientInto")).toList();
        assertEquals(1, into.size(), "only f(double[], double) keeps its entry point: " + into);
        assertEquals(List.of(double[].class, double.class, double[].class, double[].class),
                List.of(into.get(0).getParameterTypes()));
    }

    @Test
    void aMethodOfScalarsGetsNone() {
        Class<?> grad = AdjointCompiler.compile(SHAPES).gradClassFor("p.Shapes");
        List<String> into = Arrays.stream(grad.getDeclaredMethods()).map(Method::getName)
                .filter(n -> n.contains("Into")).sorted().toList();
        assertEquals(List.of("clippedPathGradientInto", "clippedPathGradientIntoZeroed", "lossGradientInto",
                "lossGradientIntoZeroed", "quadraticFormGradientInto",
                "quadraticFormGradientIntoZeroed", "rmsGradientInto", "rmsGradientIntoZeroed", "rosenbrockGradientInto",
                "rosenbrockGradientIntoZeroed", "settleGradientInto", "settleGradientIntoZeroed"), into,
                "q6 and logisticMap take scalars only");
    }

    @Test
    void theAdjointCodeIsWrittenOncePerMethod() {
        Compiled c = AdjointCompiler.compile(SHAPES);
        for (String method : List.of("rosenbrock", "quadraticForm", "loss", "rms")) {
            assertTrue(c.generatedMethod("p.ShapesGrad", method + "GradientIntoZeroed").contains("// grad of: "),
                    method + "'s core holds the adjoint code");
            for (String caller : List.of(method + "Gradient", method + "GradientInto")) {
                String text = c.generatedMethod("p.ShapesGrad", caller);
                assertFalse(text.contains("// grad of: "), caller + " calls the core:\n" + text);
                assertTrue(text.contains("ShapesGrad." + method + "GradientIntoZeroed("), text);
            }
        }
        String gradient = c.generatedMethod("p.ShapesGrad", "lossGradient");
        assertTrue(gradient.contains("double value = ShapesGrad.lossGradientIntoZeroed(w, b, xs, ys, wAdj, scalarPartials);"),
                gradient);
        assertFalse(gradient.contains("Arrays.fill") || gradient.contains("IllegalArgumentException"),
                "fGradient's fresh arrays are neither checked nor zeroed: " + gradient);
        assertTrue(Arrays.stream(c.gradClassFor("p.Shapes").getDeclaredMethods())
                .filter(m -> m.getName().endsWith("IntoZeroed"))
                .allMatch(m -> java.lang.reflect.Modifier.isPrivate(m.getModifiers())), "the core is private");
    }

    @Test
    void aVectorValuedMethodGetsNone() {
        Class<?> grad = AdjointCompiler.compile("""
                package p;

                import dev.adjoint.Differentiable;

                public class Vector {
                    @Differentiable
                    public static double[] twice(double[] x) {
                        double[] y = {2 * x[0], 2 * x[1]};
                        return y;
                    }
                }
                """).gradClassFor("p.Vector");
        assertFalse(Arrays.stream(grad.getMethods()).anyMatch(m -> m.getName().endsWith("Into")));
    }

    // ---- helpers ----

    private static List<String> sourcesOf(Path dir) throws IOException {
        List<String> sources = new ArrayList<>();
        for (String part : List.of("library", "input")) {
            Path folder = dir.resolve(part);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> files = Files.list(folder)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                        sources.add(Files.readString(file, UTF_8));
                    }
                }
            }
        }
        Path elsewhere = dir.resolve("sources.txt");
        if (Files.exists(elsewhere)) {
            for (String line : Files.readAllLines(elsewhere, UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    sources.add(Files.readString(Path.of(line.strip()), UTF_8));
                }
            }
        }
        return sources;
    }

    /**
     * Calls every {@code fGradientInto} of {@code grad} and its {@code fGradient} on the same arguments
     * (doubles in (0.2, 0.8), arrays of 3, 3×3 matrices, ints 3, booleans true, index and flag arrays of
     * 3), twice into buffers first filled with NaN, and compares the value and every partial bit for bit.
     * Returns how many
     * entry points were compared: those whose gradient accepts these arguments.
     */
    private static int compareAll(Class<?> grad) throws ReflectiveOperationException {
        int compared = 0;
        for (Method into : grad.getMethods()) {
            if (!into.getName().endsWith("GradientInto")) {
                continue;
            }
            String name = into.getName().substring(0, into.getName().length() - "Into".length());
            Method gradient = Arrays.stream(grad.getMethods())
                    .filter(m -> m.getName().equals(name) && m.getReturnType().isRecord()
                            && Arrays.equals(m.getParameterTypes(),
                                    Arrays.copyOf(into.getParameterTypes(), m.getParameterCount())))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + name + " for " + into));
            Object[] arguments = arguments(gradient.getParameterTypes(), new SplittableRandom(42));
            Object record;
            try {
                record = gradient.invoke(null, arguments);
            } catch (InvocationTargetException e) {
                continue;
            }
            for (int call = 0; call < 2; call++) {
                compareOnce(into, arguments, record);
            }
            compared++;
        }
        return compared;
    }

    private static Object component(Object record, String name) {
        try {
            return record.getClass().getMethod(name).invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(record.getClass() + " has no component " + name, e);
        }
    }

    private static void compareOnce(Method into, Object[] arguments, Object record) throws ReflectiveOperationException {
        RecordComponent[] components = record.getClass().getRecordComponents();
        List<Object> expected = new ArrayList<>();
        List<Double> expectedScalars = new ArrayList<>();
        List<Object> buffers = new ArrayList<>();
        for (int i = 1; i < components.length; i++) {
            Object partial = components[i].getAccessor().invoke(record);
            if (partial instanceof Double d) {
                expectedScalars.add(d);
            } else {
                expected.add(partial);
                buffers.add(nanLike(partial));
            }
        }
        double[] scalarPartials = new double[expectedScalars.size()];
        Arrays.fill(scalarPartials, Double.NaN);
        List<Object> all = new ArrayList<>(Arrays.asList(arguments));
        all.addAll(buffers);
        if (!expectedScalars.isEmpty()) {
            all.add(scalarPartials);
        }
        double value = (double) into.invoke(null, all.toArray());
        String what = into.getName() + Arrays.deepToString(arguments);
        assertEquals(bits((double) components[0].getAccessor().invoke(record)), bits(value), what + ": value");
        for (int i = 0; i < expectedScalars.size(); i++) {
            assertEquals(bits(expectedScalars.get(i)), bits(scalarPartials[i]), what + ": scalar partial " + i);
        }
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Arrays.deepToString(bitsOf(expected.get(i))), Arrays.deepToString(bitsOf(buffers.get(i))),
                    what + ": array partial " + i);
        }
    }

    private static Object[] arguments(Class<?>[] types, SplittableRandom random) {
        Object[] arguments = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> t = types[i];
            if (t == double.class) {
                arguments[i] = random.nextDouble(0.2, 0.8);
            } else if (t == double[].class) {
                arguments[i] = random.doubles(3, 0.2, 0.8).toArray();
            } else if (t == double[][].class) {
                arguments[i] = new double[][] {random.doubles(3, 0.2, 0.8).toArray(),
                        random.doubles(3, 0.2, 0.8).toArray(), random.doubles(3, 0.2, 0.8).toArray()};
            } else if (t == int.class) {
                arguments[i] = 3;
            } else if (t == long.class) {
                arguments[i] = 3L;
            } else if (t == boolean.class) {
                arguments[i] = true;
            } else if (t == int[].class) {
                arguments[i] = new int[] {2, 0, 1}; // indices into the arrays of 3
            } else if (t == long[].class) {
                arguments[i] = new long[] {2, 0, 1};
            } else if (t == boolean[].class) {
                arguments[i] = new boolean[] {true, false, true};
            } else {
                throw new AssertionError("no argument of type " + t);
            }
        }
        return arguments;
    }

    /** A buffer shaped like {@code partial}, full of NaN: an entry point that adds to it would show. */
    private static Object nanLike(Object partial) {
        if (partial == null) {
            return null;
        }
        if (partial instanceof double[] v) {
            double[] buffer = new double[v.length];
            Arrays.fill(buffer, Double.NaN);
            return buffer;
        }
        double[][] m = (double[][]) partial;
        double[][] buffer = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            buffer[i] = (double[]) nanLike(m[i]);
        }
        return buffer;
    }

    private static long bits(double v) {
        return Double.doubleToRawLongBits(v);
    }

    private static Object[] bitsOf(Object array) {
        if (array == null) {
            return null;
        }
        if (array instanceof double[] v) {
            return Arrays.stream(v).mapToObj(GradientIntoTest::bits).toArray();
        }
        return Arrays.stream((double[][]) array).map(GradientIntoTest::bitsOf).toArray();
    }

    private static void assertRefused(String message, Class<?> grad, String method, Object... arguments) {
        Throwable thrown = StaticCalls.thrown(grad, method, arguments);
        assertInstanceOf(IllegalArgumentException.class, thrown, () -> method + " threw " + thrown);
        assertEquals(message, thrown.getMessage());
    }

    private static Runnable driver(Compiled c, String name) throws ReflectiveOperationException {
        return (Runnable) c.load("p.Drivers$" + name).getDeclaredConstructor().newInstance();
    }
}
