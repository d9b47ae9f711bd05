package dev.adjoint.samples;

import dev.adjoint.Differentiable;
import java.util.Locale;
import java.util.Random;

/**
 * Showcase: a two-layer network whose parameters are a record, fitted to {@code sin x} by gradient
 * descent on the gradient Adjoint generates.
 *
 * <p>The parameters are one {@link Net} record ({@code double[][] hidden} weights, {@code double[]}
 * biases and output weights, a {@code double} output bias), as a Java programmer would group them.
 * {@link Net#predict} computes the network's output for one input; {@link #loss}, the mean squared error
 * over the data, calls it on the record for each point. Its generated
 * {@code lossGradient(net, xs, ys).dNet()} is a {@code Net} too: the partials in the shape of the
 * parameters, so a descent step is one line per component ({@link #step}). {@code wrt = "net"}: the
 * data get no partials.
 *
 * <p>{@link #run} first checks the reverse-mode gradient against forward mode along a random
 * direction (the direction is itself a {@code Net}: {@code lossForward(net, direction, xs, ys)}),
 * then trains {@value #EPOCHS} epochs from a seeded start on {@value #POINTS} points of
 * {@code sin x} on {@code [-pi, pi]}, printing the loss every {@value #PRINT_EVERY} epochs.
 */
public final class TinyNetTraining {

    /** Hidden units. */
    public static final int HIDDEN = 8;
    /** Training points, evenly spaced on [-pi, pi]. */
    public static final int POINTS = 40;
    /** Gradient-descent epochs (one step on all the data each). */
    public static final int EPOCHS = 3000;
    /** The step size. */
    public static final double LEARNING_RATE = 0.1;
    /** The loss is printed every this many epochs. */
    public static final int PRINT_EVERY = 500;
    /** The seed of the initial weights and of the check's direction. */
    public static final long SEED = 7L;

    private TinyNetTraining() {
    }

    /**
     * The network's parameters: {@code out = outBias + sum_j output[j] tanh(hidden[j][0] x + hidden[j][1])}.
     *
     * @param hidden each hidden unit's weight and bias, one row per unit
     * @param output the output weight of each hidden unit
     * @param outBias the output bias
     */
    public record Net(double[][] hidden, double[] output, double outBias) {

        /** The network's output for input {@code x}: a method of the record, differentiated with it. */
        @Differentiable
        public double predict(double x) {
            double out = outBias;
            for (int j = 0; j < output.length; j++) {
                double h = Math.tanh(hidden[j][0] * x + hidden[j][1]);
                out += output[j] * h;
            }
            return out;
        }
    }

    /** The mean squared error of {@link Net#predict} over the data. */
    @Differentiable(wrt = "net")
    public static double loss(Net net, double[] xs, double[] ys) {
        double total = 0;
        for (int i = 0; i < xs.length; i++) {
            double r = net.predict(xs[i]) - ys[i];
            total += r * r;
        }
        return total / xs.length;
    }

    /** The data: {@link #POINTS} points of {@code sin x}, {xs, ys}. */
    public static double[][] sineData() {
        double[] xs = new double[POINTS];
        double[] ys = new double[POINTS];
        for (int i = 0; i < POINTS; i++) {
            xs[i] = -Math.PI + 2 * Math.PI * i / (POINTS - 1);
            ys[i] = Math.sin(xs[i]);
        }
        return new double[][] {xs, ys};
    }

    /** A network with weights drawn from {@code N(0, scale^2)}. */
    public static Net random(Random random, double scale) {
        double[][] hidden = new double[HIDDEN][2];
        double[] output = new double[HIDDEN];
        for (int j = 0; j < HIDDEN; j++) {
            hidden[j][0] = scale * random.nextGaussian();
            hidden[j][1] = scale * random.nextGaussian();
            output[j] = scale * random.nextGaussian();
        }
        return new Net(hidden, output, scale * random.nextGaussian());
    }

    /** {@code net - rate * gradient}, component by component. */
    public static Net step(Net net, Net gradient, double rate) {
        double[][] hidden = new double[HIDDEN][2];
        double[] output = new double[HIDDEN];
        for (int j = 0; j < HIDDEN; j++) {
            hidden[j][0] = net.hidden()[j][0] - rate * gradient.hidden()[j][0];
            hidden[j][1] = net.hidden()[j][1] - rate * gradient.hidden()[j][1];
            output[j] = net.output()[j] - rate * gradient.output()[j];
        }
        return new Net(hidden, output, net.outBias() - rate * gradient.outBias());
    }

    /** The sum over all parameters of {@code a * b}: the derivative along {@code b} when {@code a} is the gradient. */
    public static double dot(Net a, Net b) {
        double sum = a.outBias() * b.outBias();
        for (int j = 0; j < a.output().length; j++) {
            sum += a.hidden()[j][0] * b.hidden()[j][0] + a.hidden()[j][1] * b.hidden()[j][1]
                    + a.output()[j] * b.output()[j];
        }
        return sum;
    }

    /** The relative difference between reverse mode's gradient along a random direction and forward mode's derivative along it. */
    public static double forwardReverseDifference(Net net, double[] xs, double[] ys, Random random) {
        Net direction = random(random, 1.0);
        double reverse = dot(TinyNetTrainingGrad.lossGradient(net, xs, ys).dNet(), direction);
        double forward = TinyNetTrainingGrad.lossForward(net, direction, xs, ys).tangent();
        return Math.abs(forward - reverse) / Math.max(1, Math.abs(reverse));
    }

    /** The loss after each epoch of gradient descent from the seeded start, the start's loss first. */
    public static double[] train() {
        double[][] data = sineData();
        Net net = random(new Random(SEED), 0.5);
        double[] losses = new double[EPOCHS + 1];
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            TinyNetTrainingGrad.LossGradient g = TinyNetTrainingGrad.lossGradient(net, data[0], data[1]);
            losses[epoch] = g.value();
            net = step(net, g.dNet(), LEARNING_RATE);
        }
        losses[EPOCHS] = loss(net, data[0], data[1]);
        return losses;
    }

    /** Prints the check and the training; returns whether the check passed and the loss fell below 1e-3. */
    public static boolean run() {
        double[][] data = sineData();
        Random random = new Random(SEED);
        Net start = random(random, 0.5);
        double difference = forwardReverseDifference(start, data[0], data[1], random);
        System.out.printf(Locale.ROOT, "Net(double[][] hidden, double[] output, double outBias), %d hidden units:"
                + " %d parameters in one record%n", HIDDEN, 3 * HIDDEN + 1);
        System.out.printf(Locale.ROOT, "lossGradient(net, xs, ys).dNet() along a random Net direction vs"
                + " lossForward(net, direction, xs, ys): relative difference %.1e%n", difference);
        double[] losses = train();
        System.out.printf(Locale.ROOT, "%6s  %s%n", "epoch", "mean squared error on sin x");
        for (int epoch = 0; epoch <= EPOCHS; epoch += PRINT_EVERY) {
            System.out.printf(Locale.ROOT, "%6d  %.6f%n", epoch, losses[epoch]);
        }
        boolean ok = difference < 1e-12 && losses[EPOCHS] < 1e-3;
        System.out.println(ok ? "OK: the loss fell from " + String.format(Locale.ROOT, "%.4f", losses[0]) + " to "
                + String.format(Locale.ROOT, "%.6f", losses[EPOCHS]) : "FAILED");
        return ok;
    }

    /** Runs this showcase alone; exits with status 1 if its check fails. */
    public static void main(String[] args) {
        if (!run()) {
            System.exit(1);
        }
    }
}
