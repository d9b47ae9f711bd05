package dev.adjoint.samples;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.MaxIter;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.SimpleValueChecker;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunctionGradient;
import org.hipparchus.optim.nonlinear.scalar.gradient.NonLinearConjugateGradientOptimizer;

/**
 * Showcase: a generated gradient handed to a maintained optimiser, Hipparchus' non-linear conjugate
 * gradient method, next to plain gradient descent on the same generated gradient.
 *
 * <p>Both problems are the other showcases': the Rosenbrock function of {@link RosenbrockDescent} from
 * {@code (-1.2, 1)}, and the logistic regression loss of {@link LogisticRegressionTraining} (its 200
 * points, from its initial weights). Hipparchus' {@link ObjectiveFunction} and
 * {@link ObjectiveFunctionGradient} are both built from the generated reverse mode ({@code
 * rosenbrockGradient}, {@code lossGradient}): the first takes its {@code value()}, the second its
 * partials. Every call of the generated method is counted, so the comparison with descent (one call per
 * step) is in the same currency: reverse sweeps.
 *
 * <p>The optimiser is Polak-Ribière with Hipparchus' Brent line search, whose tolerances are tightened
 * from their default {@code 1e-8} to {@value #LINE_SEARCH_TOLERANCE} so that the last iterations can
 * still make progress; it stops when {@code f} changes by less than {@value #VALUE_TOLERANCE}
 * (relative or absolute) between iterations.
 */
public final class HipparchusConjugateGradient {

    /** Relative and absolute tolerance of the optimiser's convergence check on {@code f}. */
    public static final double VALUE_TOLERANCE = 1e-12;
    /** Relative and absolute tolerance of the Brent line search. */
    public static final double LINE_SEARCH_TOLERANCE = 1e-12;
    /** The line search's first bracket: a step of 1 along the search direction. */
    static final double INITIAL_BRACKETING_RANGE = 1;
    /** Descent on the logistic loss runs until the gradient's norm is below this. */
    public static final double GRADIENT_TOLERANCE = 1e-8;
    /** The most steps plain descent takes on either problem. */
    static final int MAX_DESCENT_STEPS = 100_000;

    private HipparchusConjugateGradient() {
    }

    /** What one call of a generated {@code ...Gradient} method gives: {@code f} and its gradient. */
    public record ValueAndGradient(double value, double[] gradient) {
    }

    /**
     * A generated reverse mode as Hipparchus sees it: an {@link ObjectiveFunction} and an
     * {@link ObjectiveFunctionGradient} over the same method, each call counted.
     */
    static final class CountedObjective {
        private final Function<double[], ValueAndGradient> generated;
        private int valueCalls;
        private int gradientCalls;

        CountedObjective(Function<double[], ValueAndGradient> generated) {
            this.generated = generated;
        }

        ObjectiveFunction value() {
            return new ObjectiveFunction(point -> {
                valueCalls++;
                return generated.apply(point).value();
            });
        }

        ObjectiveFunctionGradient gradient() {
            return new ObjectiveFunctionGradient(point -> {
                gradientCalls++;
                return generated.apply(point).gradient();
            });
        }
    }

    /**
     * One minimisation.
     *
     * @param method the method, as printed
     * @param point where it stopped
     * @param value {@code f} there
     * @param iterations the optimiser's iterations, or descent's steps
     * @param valueCalls calls of the generated method for {@code f} alone (the line search's)
     * @param gradientCalls calls of the generated method for the gradient
     * @param gradientNorm the norm of the gradient at {@code point}
     */
    public record Result(String method, double[] point, double value, int iterations,
            int valueCalls, int gradientCalls, double gradientNorm) {

        /** Calls of the generated reverse mode in all: each is one forward and one adjoint sweep. */
        public int sweeps() {
            return valueCalls + gradientCalls;
        }
    }

    /** The generated {@code rosenbrockGradient} as value and gradient. */
    static ValueAndGradient rosenbrock(double[] p) {
        RosenbrockDescentGrad.RosenbrockGradient g = RosenbrockDescentGrad.rosenbrockGradient(p);
        return new ValueAndGradient(g.value(), g.dP());
    }

    /**
     * The generated {@code lossGradient} over the point {@code (w0, w1, b)}: the weights and the bias
     * in one vector, as an optimiser wants them; the data are fixed.
     */
    static Function<double[], ValueAndGradient> logisticLoss(LogisticRegressionTraining.DataSet data) {
        return q -> {
            LogisticRegressionTrainingGrad.LossGradient g = LogisticRegressionTrainingGrad.lossGradient(
                    new double[] {q[0], q[1]}, q[2], data.features(), data.labels());
            return new ValueAndGradient(g.value(), new double[] {g.dW()[0], g.dW()[1], g.dB()});
        };
    }

    /** Hipparchus' Polak-Ribière conjugate gradient from {@code start}, on the generated gradient. */
    public static Result conjugateGradient(Function<double[], ValueAndGradient> generated, double[] start) {
        CountedObjective objective = new CountedObjective(generated);
        NonLinearConjugateGradientOptimizer optimizer = new NonLinearConjugateGradientOptimizer(
                NonLinearConjugateGradientOptimizer.Formula.POLAK_RIBIERE,
                new SimpleValueChecker(VALUE_TOLERANCE, VALUE_TOLERANCE),
                LINE_SEARCH_TOLERANCE, LINE_SEARCH_TOLERANCE, INITIAL_BRACKETING_RANGE);
        PointValuePair optimum = optimizer.optimize(
                new MaxEval(10_000), new MaxIter(10_000),
                objective.value(), objective.gradient(),
                GoalType.MINIMIZE, new InitialGuess(start.clone()));
        double[] point = optimum.getPoint();
        return new Result("Hipparchus conjugate gradient", point, optimum.getValue(), optimizer.getIterations(),
                objective.valueCalls, objective.gradientCalls, norm(generated.apply(point).gradient()));
    }

    /**
     * Plain gradient descent {@code p = p - step grad f(p)} from {@code start}, one call of the
     * generated method per point, until {@code stop} holds for the point and its gradient (or after
     * {@value #MAX_DESCENT_STEPS} steps).
     */
    public static Result gradientDescent(Function<double[], ValueAndGradient> generated, double[] start,
            double step, StopRule stop) {
        double[] p = start.clone();
        int calls = 0;
        for (int k = 0; ; k++) {
            ValueAndGradient g = generated.apply(p);
            calls++;
            if (stop.reached(p, g) || k == MAX_DESCENT_STEPS) {
                return new Result("gradient descent, step " + step, p, g.value(), k, 0, calls, norm(g.gradient()));
            }
            for (int i = 0; i < p.length; i++) {
                p[i] -= step * g.gradient()[i];
            }
        }
    }

    /** When descent stops. */
    @FunctionalInterface
    public interface StopRule {
        /** Whether descent stops at {@code point}, where the generated method gave {@code g}. */
        boolean reached(double[] point, ValueAndGradient g);
    }

    /** Both methods on Rosenbrock from {@code (-1.2, 1)}; descent (step {@code 1e-3}) stops within 1e-6 of (1, 1). */
    public static List<Result> rosenbrockBoth() {
        Result descent = gradientDescent(HipparchusConjugateGradient::rosenbrock, RosenbrockDescent.START,
                RosenbrockDescent.STEP, (p, g) -> distanceToOnes(p) < RosenbrockDescent.TOLERANCE);
        Result cg = conjugateGradient(HipparchusConjugateGradient::rosenbrock, RosenbrockDescent.START);
        return List.of(descent, cg);
    }

    /**
     * Both methods on the logistic loss from its initial weights; descent (step {@code 0.5}) stops once
     * the gradient's norm is below {@value #GRADIENT_TOLERANCE}.
     */
    public static List<Result> logisticBoth() {
        Function<double[], ValueAndGradient> loss = logisticLoss(
                LogisticRegressionTraining.blobs(LogisticRegressionTraining.POINTS, LogisticRegressionTraining.SEED));
        double[] start = {
            LogisticRegressionTraining.INITIAL_WEIGHTS[0], LogisticRegressionTraining.INITIAL_WEIGHTS[1],
            LogisticRegressionTraining.INITIAL_BIAS,
        };
        Result descent = gradientDescent(loss, start, LogisticRegressionTraining.LEARNING_RATE,
                (p, g) -> norm(g.gradient()) < GRADIENT_TOLERANCE);
        Result cg = conjugateGradient(loss, start);
        return List.of(descent, cg);
    }

    /** Distance of {@code p} to {@code (1, ..., 1)}, Rosenbrock's minimum. */
    public static double distanceToOnes(double[] p) {
        double sum = 0;
        for (double v : p) {
            sum += (v - 1) * (v - 1);
        }
        return Math.sqrt(sum);
    }

    static double norm(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    /**
     * Prints both problems, each method's iterations, calls of the generated method and where it
     * stopped; returns whether the optimiser reached Rosenbrock's minimum to 1e-6 and the logistic
     * loss's to a gradient below {@value #GRADIENT_TOLERANCE}, each in fewer calls than descent.
     */
    public static boolean run() {
        System.out.printf(Locale.ROOT, "Hipparchus' NonLinearConjugateGradientOptimizer (Polak-Ribiere, Brent line search"
                + " to %.0e, stop when f changes by < %.0e)%nwith ObjectiveFunction and ObjectiveFunctionGradient"
                + " both calling the generated ...Gradient method; plain descent calls it once a step.%n%n",
                LINE_SEARCH_TOLERANCE, VALUE_TOLERANCE);
        String header = String.format(Locale.ROOT, "%-32s %10s %10s %10s %10s  %s",
                "method", "iterations", "f calls", "grad calls", "all calls", "where it stopped");

        List<Result> rosenbrock = rosenbrockBoth();
        System.out.println("Rosenbrock from (-1.2, 1); descent stops within 1e-6 of the minimum (1, 1):");
        System.out.println(header);
        for (Result r : rosenbrock) {
            System.out.printf(Locale.ROOT, "%-32s %10d %10d %10d %10d  (%.12f, %.12f), f = %.2e, distance %.1e%n",
                    r.method(), r.iterations(), r.valueCalls(), r.gradientCalls(), r.sweeps(),
                    r.point()[0], r.point()[1], r.value(), distanceToOnes(r.point()));
        }

        List<Result> logistic = logisticBoth();
        System.out.printf(Locale.ROOT, "%nLogistic regression loss (200 points) over (w0, w1, b); descent stops"
                + " when |grad| < %.0e:%n", GRADIENT_TOLERANCE);
        System.out.println(header);
        for (Result r : logistic) {
            System.out.printf(Locale.ROOT, "%-32s %10d %10d %10d %10d  (%.8f, %.8f, %.8f), loss %.12f, |grad| %.1e%n",
                    r.method(), r.iterations(), r.valueCalls(), r.gradientCalls(), r.sweeps(),
                    r.point()[0], r.point()[1], r.point()[2], r.value(), r.gradientNorm());
        }

        Result rosenbrockDescent = rosenbrock.get(0);
        Result rosenbrockCg = rosenbrock.get(1);
        Result logisticDescent = logistic.get(0);
        Result logisticCg = logistic.get(1);
        boolean ok = distanceToOnes(rosenbrockCg.point()) < RosenbrockDescent.TOLERANCE
                && rosenbrockCg.sweeps() < rosenbrockDescent.sweeps()
                && logisticCg.gradientNorm() < GRADIENT_TOLERANCE
                && logisticCg.sweeps() < logisticDescent.sweeps();
        System.out.printf(Locale.ROOT, "%nThe optimiser needs %.0fx fewer calls of the generated gradient on Rosenbrock,"
                + " %.0fx fewer on the logistic loss.%n",
                (double) rosenbrockDescent.sweeps() / rosenbrockCg.sweeps(),
                (double) logisticDescent.sweeps() / logisticCg.sweeps());
        if (!ok) {
            System.out.println("FAILED: the optimiser missed a minimum or needed more calls than descent");
        }
        return ok;
    }

    /** Runs both problems (see {@link #run}); exits with status 1 if the check fails. */
    public static void main(String[] args) {
        if (!run()) {
            System.exit(1);
        }
    }
}
