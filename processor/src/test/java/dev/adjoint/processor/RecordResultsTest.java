package dev.adjoint.processor;

import static dev.adjoint.processor.testing.AdjointCompiler.compileStrict;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.ParityCheck;
import dev.adjoint.processor.testing.StaticCalls;
import dev.adjoint.runtime.Dual;
import dev.adjoint.runtime.DualArrays;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Methods returning a record of doubles ({@code Point polar(double r, double theta)}): {@code fForward}
 * returns {@code FForward(Point value, Point tangent)}, {@code fPullback(..., Point seed)} the value and
 * seedᵀJ, {@code fJacobian} the Jacobian over the record's components in declaration order (nested
 * records' in place). Checked against central differences of the user's method, against each other
 * (forward columns, pullback rows and the Jacobian), with values bit for bit the method's.
 */
class RecordResultsTest {

    private static final Compiled COMPILED = compileStrict("""
            package p;

            import dev.adjoint.Differentiable;

            public class Shapes {
                public record Point(double x, double y) {}
                public record Segment(Point from, Point to, double weight) {}

                @Differentiable
                public static Point polar(double r, double theta) {
                    return new Point(r * Math.cos(theta), r * Math.sin(theta));
                }

                /** A nested record built in place, returns inside a loop and after it, an int component value. */
                @Differentiable
                public static Segment walk(double[] steps, double heading, int limit) {
                    double x = 0;
                    double y = 0;
                    for (int i = 0; i < steps.length; i++) {
                        if (i == limit) {
                            return new Segment(new Point(0, 0), new Point(x, y), i);
                        }
                        x += steps[i] * Math.cos(heading * i);
                        y += steps[i] * Math.sin(heading * i);
                    }
                    return new Segment(new Point(x * y, 1), new Point(x, y), Math.hypot(x, y));
                }

                /** A switch expression yielding records, a throw guard, and arguments Java evaluates in order. */
                @Differentiable
                public static Point mixed(double a, double b, int mode) {
                    if (a < -10) {
                        throw new IllegalArgumentException("a: " + a);
                    }
                    double t = a * b;
                    if (mode == 2) {
                        return new Point(t, (t = t * t) + Math.exp(b));
                    }
                    return switch (mode) {
                        case 0 -> new Point(Math.sin(a), b / a);
                        case 1 -> {
                            double s = a + b;
                            yield new Point(s * s, mode);
                        }
                        default -> new Point(b, a);
                    };
                }

                /** Only a is differentiated; b passes through. */
                @Differentiable(wrt = "a")
                public static Point scaled(double a, double b) {
                    return new Point(a * b, a / b);
                }
            }
            """);

    private static final Class<?> SHAPES = COMPILED.load("p.Shapes");
    private static final Class<?> GRAD = COMPILED.gradClassFor("p.Shapes");

    @Test
    void polarInClosedForm() throws Exception {
        double r = 1.7;
        double theta = 0.6;
        double[][] jacobian = (double[][]) StaticCalls.call(GRAD, "polarJacobian", r, theta);
        assertArrayEquals(new double[] {Math.cos(theta), -r * Math.sin(theta)}, jacobian[0], 1e-15);
        assertArrayEquals(new double[] {Math.sin(theta), r * Math.cos(theta)}, jacobian[1], 1e-15);

        Object primal = StaticCalls.call(SHAPES, "polar", r, theta);
        Object forward = StaticCalls.call(GRAD, "polarForward", Dual.constant(r), Dual.variable(theta));
        assertEquals("PolarForward", forward.getClass().getSimpleName());
        assertEquals(primal, component(forward, "value"));
        Object tangent = component(forward, "tangent");
        assertEquals(primal.getClass(), tangent.getClass()); // the tangent is a Point too
        assertArrayEquals(new double[] {-r * Math.sin(theta), r * Math.cos(theta)}, leaves(tangent), 1e-15);

        Object seed = point(2, -1);
        Object pullback = StaticCalls.call(GRAD, "polarPullback", r, theta, seed);
        assertEquals("PolarPullback", pullback.getClass().getSimpleName());
        assertEquals(primal, component(pullback, "value"));
        assertEquals(2 * Math.cos(theta) - Math.sin(theta), (double) component(pullback, "dR"), 1e-15);
        assertEquals(-2 * r * Math.sin(theta) - r * Math.cos(theta), (double) component(pullback, "dTheta"), 1e-15);
    }

    @Test
    void nestedRecordsWithReturnsInAndAfterALoop() throws Exception {
        double[] steps = {0.5, 1.2, -0.7, 0.9};
        for (int limit : new int[] {-1, 0, 2, 7}) {
            Object[] args = {steps, 0.4, limit};
            checkAll("walk", args, new int[] {0, 1});
        }
        double[][] jacobian = (double[][]) StaticCalls.call(GRAD, "walkJacobian", steps, 0.4, 2);
        assertEquals(5, jacobian.length); // from.x, from.y, to.x, to.y, weight
        assertArrayEquals(new double[5], jacobian[4]); // the weight is the loop index there
    }

    @Test
    void switchExpressionsThrowGuardsAndEvaluationOrder() throws Exception {
        for (int mode = 0; mode <= 3; mode++) {
            checkAll("mixed", new Object[] {0.7, -1.3, mode}, new int[] {0, 1});
        }
        // new Point(t, (t = t * t) + exp(b)): the first component is t before the assignment
        Object point = StaticCalls.call(SHAPES, "mixed", 0.7, -1.3, 2);
        assertEquals(0.7 * -1.3, leaves(point)[0]);
        Throwable thrown = StaticCalls.thrown(GRAD, "mixedPullback", -11.0, 1.0, 0, point(1, 1));
        assertInstanceOf(IllegalArgumentException.class, thrown);
        assertEquals("a: -11.0", thrown.getMessage());
    }

    @Test
    void wrtLeavesTheOtherParameterAlone() throws Exception {
        checkAll("scaled", new Object[] {1.5, 0.25}, new int[] {0});
        double[][] jacobian = (double[][]) StaticCalls.call(GRAD, "scaledJacobian", 1.5, 0.25);
        assertArrayEquals(new double[] {0.25}, jacobian[0], 1e-15);
        assertArrayEquals(new double[] {4}, jacobian[1], 1e-15);
    }

    @Test
    void everyGeneratedMethodEndsAsTheMethodEnds() {
        ParityCheck parity = new ParityCheck(COMPILED, "p.Shapes");
        assertEquals(List.of(), parity.mismatches("polar", 2.0, 0.3));
        assertEquals(List.of(), parity.mismatches("walk", new double[] {1, 2, 3}, 0.5, 1));
        assertEquals(List.of(), parity.mismatches("walk", new double[] {1, 2, 3}, 0.5, 5));
        assertEquals(List.of(), parity.mismatches("walk", null, 0.5, 1)); // NullPointerException everywhere
        assertEquals(List.of(), parity.mismatches("walk", new double[0], 0.5, 1));
        assertEquals(List.of(), parity.mismatches("mixed", -20.0, 1.0, 0)); // the guard throws
        assertEquals(List.of(), parity.mismatches("mixed", 0.0, 1.0, 0)); // b / 0: infinity, not an exception
        assertEquals(List.of(), parity.mismatches("mixed", 0.5, 1.0, 2));
    }

    /**
     * The Jacobian against central differences of the method; forward columns and pullback rows
     * (with a random seed) against the Jacobian; the value of both modes bit for bit the method's.
     *
     * @param differentiable the positions of the differentiable arguments, in the Jacobian's order
     */
    private static void checkAll(String method, Object[] args, int[] differentiable) throws Exception {
        String at = method + Arrays.deepToString(args);
        Object primal = StaticCalls.call(SHAPES, method, args);
        double[] value = leaves(primal);
        double[][] jacobian = (double[][]) StaticCalls.call(GRAD, method + "Jacobian", args);
        assertEquals(value.length, jacobian.length, at);
        int column = 0;
        for (int position : differentiable) {
            int elements = args[position] instanceof double[] a ? a.length : 1;
            for (int e = 0; e < elements; e++, column++) {
                double h = 1e-6;
                double[] plus = leaves(StaticCalls.call(SHAPES, method, nudged(args, position, e, h)));
                double[] minus = leaves(StaticCalls.call(SHAPES, method, nudged(args, position, e, -h)));
                Object forward = StaticCalls.call(GRAD, method + "Forward", forwardArguments(args, differentiable, position, e));
                assertEquals(primal, component(forward, "value"), at); // record equality: bit for bit
                double[] tangent = leaves(component(forward, "tangent"));
                for (int i = 0; i < value.length; i++) {
                    double difference = (plus[i] - minus[i]) / (2 * h);
                    assertEquals(difference, jacobian[i][column], 1e-6 * Math.max(1, Math.abs(difference)),
                            at + " [" + i + "][" + column + "]");
                    assertEquals(jacobian[i][column], tangent[i], 1e-12 * Math.max(1, Math.abs(tangent[i])), at);
                }
            }
        }
        assertFalse(column == 0, at);
        double[] seedValues = new Random(7).doubles(value.length, -1, 1).toArray();
        Object[] pullbackArgs = Arrays.copyOf(args, args.length + 1);
        pullbackArgs[args.length] = recordOf(primal.getClass(), seedValues, new int[1]);
        Object pullback = StaticCalls.call(GRAD, method + "Pullback", pullbackArgs);
        assertEquals(primal, component(pullback, "value"), at);
        List<Double> vjp = new ArrayList<>();
        for (int position : differentiable) {
            RecordComponent partial = Arrays.stream(pullback.getClass().getRecordComponents())
                    .filter(c -> !c.getName().equals("value")).toList().get(indexOf(differentiable, position));
            Object d = partial.getAccessor().invoke(pullback);
            if (d instanceof double[] a) {
                Arrays.stream(a).forEach(vjp::add);
            } else {
                vjp.add((double) d);
            }
        }
        for (int k = 0; k < vjp.size(); k++) {
            double expected = 0;
            for (int i = 0; i < value.length; i++) {
                expected += seedValues[i] * jacobian[i][k];
            }
            assertEquals(expected, vjp.get(k), 1e-12 * Math.max(1, Math.abs(expected)), at + " seedᵀJ " + k);
        }
    }

    private static int indexOf(int[] positions, int position) {
        for (int i = 0; i < positions.length; i++) {
            if (positions[i] == position) {
                return i;
            }
        }
        throw new AssertionError(position);
    }

    private static Object[] nudged(Object[] args, int position, int element, double h) {
        Object[] copy = args.clone();
        if (args[position] instanceof double[] a) {
            double[] moved = a.clone();
            moved[element] += h;
            copy[position] = moved;
        } else {
            copy[position] = (double) args[position] + h;
        }
        return copy;
    }

    /** The arguments of fForward with a unit tangent on element {@code element} of argument {@code position}. */
    private static Object[] forwardArguments(Object[] args, int[] differentiable, int position, int element) {
        Object[] duals = args.clone();
        for (int p : differentiable) {
            if (args[p] instanceof double[] a) {
                duals[p] = p == position ? DualArrays.variable(a, element) : DualArrays.constant(a);
            } else {
                duals[p] = p == position ? Dual.variable((double) args[p]) : Dual.constant((double) args[p]);
            }
        }
        return duals;
    }

    private static Object point(double x, double y) throws Exception {
        Class<?> point = COMPILED.load("p.Shapes$Point");
        return point.getDeclaredConstructor(double.class, double.class).newInstance(x, y);
    }

    private static Object component(Object record, String name) throws Exception {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            if (c.getName().equals(name)) {
                return c.getAccessor().invoke(record);
            }
        }
        throw new AssertionError(record.getClass() + " has no " + name);
    }

    /** A record of doubles, nested records' in place, as the Jacobian's rows order them. */
    private static double[] leaves(Object record) throws Exception {
        List<Double> out = new ArrayList<>();
        collect(record, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(Object record, List<Double> out) throws Exception {
        for (RecordComponent c : record.getClass().getRecordComponents()) {
            Object v = c.getAccessor().invoke(record);
            if (v instanceof Double d) {
                out.add(d);
            } else {
                collect(v, out);
            }
        }
    }

    private static Object recordOf(Class<?> type, double[] values, int[] next) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Object[] arguments = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            arguments[i] = types[i] == double.class ? (Object) values[next[0]++] : recordOf(types[i], values, next);
        }
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        return constructor.newInstance(arguments);
    }
}
