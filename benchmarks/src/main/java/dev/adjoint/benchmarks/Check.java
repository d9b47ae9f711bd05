package dev.adjoint.benchmarks;

import dev.adjoint.runtime.Tapes;
import java.util.Arrays;

import org.openjdk.jmh.infra.Blackhole;

/**
 * Sanity check before timing: every approach's gradient against Adjoint's reverse mode.
 * {@code java -cp target/benchmarks.jar dev.adjoint.benchmarks.Check}; exits 1 on a disagreement.
 */
public final class Check {

    private static boolean failed;

    private Check() {
    }

    private static void compare(String what, double[] expected, double[] actual, double tol) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i])));
        }
        boolean ok = worst <= tol;
        failed |= !ok;
        System.out.printf("%-40s max rel. diff %.2e %s%n", what, worst, ok ? "ok" : "MISMATCH");
    }

    private static double[] tail(double[] all) {
        return Arrays.copyOfRange(all, 1, all.length);
    }

    public static void main(String[] args) {
        Q6Bench q = new Q6Bench();
        Q6Bench.HipparchusDSState qds = new Q6Bench.HipparchusDSState();
        qds.setup();
        Q6Bench.FinmathState qf = new Q6Bench.FinmathState();
        qf.setup();
        FunctionsGrad.Q6Gradient qg = q.adjointReverse();
        double[] qExp = {qg.dX(), qg.dY(), qg.dZ()};
        HandWritten.Scalars qh = q.handWritten();
        compare("q6 handWritten", qExp, new double[] {qh.d0(), qh.d1(), qh.d2()}, 1e-12);
        compare("q6 hipparchusGradient", qExp, q.hipparchusGradient(), 1e-12);
        compare("q6 hipparchusDS", qExp, tail(q.hipparchusDS(qds)), 1e-12);
        compare("q6 commonsMathDS", qExp, tail(q.commonsMathDS()), 1e-12);
        compare("q6 finmathAAD", qExp, q.finmathAAD(qf), 1e-10);
        compare("q6 finiteDifferences", qExp, q.finiteDifferences(), 1e-6);
        q.handWrittenInto();
        compare("q6 handWrittenInto", qExp, q.partials.clone(), 1e-12);

        BlackScholesBench b = new BlackScholesBench();
        BlackScholesBench.HipparchusDSState bds = new BlackScholesBench.HipparchusDSState();
        bds.setup();
        BlackScholesBench.FinmathState bf = new BlackScholesBench.FinmathState();
        bf.setup();
        FunctionsGrad.BlackScholesGradient bg = b.adjointReverse();
        double[] bExp = {bg.dS(), bg.dK(), bg.dT(), bg.dR(), bg.dSigma()};
        System.out.println("Black-Scholes " + bg);
        FunctionsGrad.BlackScholesInlineGradient bi = b.adjointReverseInline();
        compare("bs adjointReverseInline", bExp, new double[] {bi.dS(), bi.dK(), bi.dT(), bi.dR(), bi.dSigma()}, 1e-12);
        HandWritten.Scalars bh = b.handWritten();
        compare("bs handWritten (exact pdf vs fit)", bExp, new double[] {bh.d0(), bh.d1(), bh.d2(), bh.d3(), bh.d4()}, 1e-5);
        FunctionsGrad.BlackScholesRuleGradient br = b.adjointReverseRule();
        compare("bs adjointReverseRule vs handWritten (both exact pdf)",
                new double[] {bh.d0(), bh.d1(), bh.d2(), bh.d3(), bh.d4()},
                new double[] {br.dS(), br.dK(), br.dT(), br.dR(), br.dSigma()}, 1e-12);
        compare("bs hipparchusGradient", bExp, b.hipparchusGradient(), 1e-12);
        compare("bs hipparchusDS", bExp, tail(b.hipparchusDS(bds)), 1e-12);
        compare("bs commonsMathDS", bExp, tail(b.commonsMathDS()), 1e-12);
        compare("bs finmathAAD", bExp, b.finmathAAD(bf), 1e-10);
        compare("bs finiteDifferences", bExp, b.finiteDifferences(), 1e-5);
        b.handWrittenInto();
        compare("bs handWrittenInto vs handWritten", new double[] {bh.d0(), bh.d1(), bh.d2(), bh.d3(), bh.d4()},
                b.greeks.clone(), 0);

        for (int n : new int[] {10, 1000}) {
            RosenbrockBench r = new RosenbrockBench();
            r.n = n;
            r.setup();
            double[] rExp = r.adjointReverse().dX();
            compare("rosenbrock n=" + n + " handWritten", rExp, r.handWritten().gradient(), 1e-12);
            r.adjointReverseInto();
            compare("rosenbrock n=" + n + " adjointReverseInto (bit for bit)", rExp, r.gradient.clone(), 0);
            r.handWrittenInto();
            compare("rosenbrock n=" + n + " handWrittenInto", rExp, r.gradient.clone(), 1e-12);
            RosenbrockBench.FinmathState rf = new RosenbrockBench.FinmathState();
            rf.setup();
            compare("rosenbrock n=" + n + " finmathAAD", rExp, r.finmathAAD(rf), 1e-10);
            RosenbrockSmallNBench s = new RosenbrockSmallNBench();
            s.n = n;
            s.setup();
            RosenbrockSmallNBench.AdjointForwardFullState sf = new RosenbrockSmallNBench.AdjointForwardFullState();
            sf.setup(s);
            compare("rosenbrock n=" + n + " adjointForwardFull", rExp, s.adjointForwardFull(sf), 1e-12);
            compare("rosenbrock n=" + n + " hipparchusGradient", rExp, s.hipparchusGradient(), 1e-12);
            RosenbrockSmallNBench.HipparchusDSState sd = new RosenbrockSmallNBench.HipparchusDSState();
            sd.setup(s);
            compare("rosenbrock n=" + n + " hipparchusDS", rExp, tail(s.hipparchusDS(sd)), 1e-12);
            compare("rosenbrock n=" + n + " commonsMathDS", rExp, tail(s.commonsMathDS()), 1e-12);
            RosenbrockFdBench fd = new RosenbrockFdBench();
            fd.n = n;
            fd.setup();
            compare("rosenbrock n=" + n + " finiteDifferences", rExp, fd.finiteDifferences(), 1e-4);
        }

        LogisticBench l = new LogisticBench();
        l.n = 200;
        l.d = 10;
        l.setup();
        double[] lExp = l.adjointReverse().dW();
        compare("logistic adjointReverseWrt", lExp, l.adjointReverseWrt().dW(), 1e-12);
        compare("logistic handWritten", lExp, l.handWritten().gradient(), 1e-12);
        l.adjointReverseInto();
        compare("logistic adjointReverseInto (bit for bit)", lExp, l.gradientW.clone(), 0);
        l.adjointReverseWrtInto();
        compare("logistic adjointReverseWrtInto (bit for bit)", l.adjointReverseWrt().dW(), l.gradientW.clone(), 0);
        l.handWrittenInto();
        compare("logistic handWrittenInto", lExp, l.gradientW.clone(), 1e-12);
        LogisticBench.AdjointForwardState lfs = new LogisticBench.AdjointForwardState();
        lfs.setup(l);
        compare("logistic adjointForwardFull", lExp, l.adjointForwardFull(lfs), 1e-12);
        compare("logistic hipparchusGradient", lExp, l.hipparchusGradient(), 1e-12);
        LogisticBench.HipparchusDSState lds = new LogisticBench.HipparchusDSState();
        lds.setup(l);
        compare("logistic hipparchusDS", lExp, tail(l.hipparchusDS(lds)), 1e-12);
        compare("logistic commonsMathDS", lExp, tail(l.commonsMathDS()), 1e-12);
        LogisticBench.FinmathState lf = new LogisticBench.FinmathState();
        lf.setup();
        compare("logistic finmathAAD", lExp, l.finmathAAD(lf), 1e-10);
        LogisticBench.FiniteDifferenceState lfd = new LogisticBench.FiniteDifferenceState();
        lfd.setup(l);
        compare("logistic finiteDifferences", lExp, l.finiteDifferences(lfd), 1e-6);

        IteratedMapBench m = new IteratedMapBench();
        m.steps = 10000;
        double[] mExp = {m.adjointReverse().dX()};
        System.out.println("iterated map " + m.adjointReverse());
        compare("map handWritten", mExp, new double[] {m.handWritten().d0()}, 1e-9);
        m.handWrittenInto();
        compare("map handWrittenInto", mExp, m.partials.clone(), 1e-9);
        compare("map adjointForward", mExp, new double[] {m.adjointForward().tangent()}, 1e-9);
        compare("map hipparchusGradient", mExp, m.hipparchusGradient(), 1e-9);
        IteratedMapBench.HipparchusDSState mds = new IteratedMapBench.HipparchusDSState();
        mds.setup();
        compare("map hipparchusDS", mExp, tail(m.hipparchusDS(mds)), 1e-9);
        compare("map commonsMathDS", mExp, tail(m.commonsMathDS()), 1e-9);
        IteratedMapBench.FinmathState mf = new IteratedMapBench.FinmathState();
        mf.setup();
        compare("map finmathAAD", mExp, m.finmathAAD(mf), 1e-9);
        System.out.println("map finiteDifferences " + m.finiteDifferences() + " (the map converges to a fixed point: the derivative underflows to 0)");
        checkStateful();

        LongMethodBench lm = new LongMethodBench();
        LongFormulaGrad.ChainGradient lmg = lm.adjointReverse();
        double[] lmExp = {lmg.dX(), lmg.dY()};
        System.out.println("long chain " + lmg);
        compare("long chain handWritten", lmExp, new double[] {lm.handWritten().d0(), lm.handWritten().d1()}, 1e-12);
        compare("long chain adjointForward", new double[] {lmExp[0]}, new double[] {lm.adjointForward().tangent()},
                1e-12);
        compare("long chain value", new double[] {lm.primal()}, new double[] {lmg.value()}, 0);
        LongFormulaGrad.GuardedChainGradient lgg = lm.guardedReverse();
        compare("guarded long chain", lmExp, new double[] {lgg.dX(), lgg.dY()}, 0);
        compare("guarded long chain value", new double[] {lm.guardedPrimal()}, new double[] {lgg.value()}, 0);
        LongFormulaGrad.WeightedChainGradient lwg = lm.weightedReverse();
        double[] lwExp = {lwg.dX(), lwg.dY()};
        compare("weighted long chain value", new double[] {lm.weightedPrimal()}, new double[] {lwg.value()}, 0);
        compare("weighted long chain adjointForward", new double[] {lwExp[0]},
                new double[] {lm.weightedForward().tangent()}, 1e-12);
        compare("weighted long chain finite differences", lwExp,
                Support.centralDifferences(v -> LongFormula.weightedChain(v[0], v[1]), new double[] {lm.x, lm.y}), 1e-6);
        LongFormulaGrad.LoopedChainGradient llg = lm.loopedReverse();
        double[] llExp = {llg.dX(), llg.dY()};
        compare("looped long chain value", new double[] {lm.loopedPrimal()}, new double[] {llg.value()}, 0);
        compare("looped long chain adjointForward", new double[] {llExp[0]},
                new double[] {lm.loopedForward().tangent()}, 1e-12);
        compare("looped long chain finite differences", llExp, Support.centralDifferences(
                v -> LongFormula.loopedChain(v[0], v[1], lm.steps), new double[] {lm.x, lm.y}), 1e-6);
        if (failed) {
            System.exit(1);
        }
        System.out.println("all approaches agree");
    }

    /** The loops that carry state: Adjoint against the hand-written gradients, and each Into bit for bit. */
    private static void checkStateful() {
        MonteCarloBench mc = new MonteCarloBench();
        mc.paths = 200;
        mc.steps = 20;
        mc.setup();
        StatefulFunctionsGrad.MonteCarloCallGradient mcg = mc.adjointReverse();
        double[] mcExp = {mcg.dSpot(), mcg.dRate(), mcg.dSigma()};
        System.out.println("Monte Carlo " + mcg);
        compare("monte carlo handWritten", mcExp, mc.handWritten().gradient(), 1e-12);
        mc.handWrittenInto();
        compare("monte carlo handWrittenInto", mcExp, mc.greeks.clone(), 1e-12);
        mc.handWrittenAdjointInto();
        compare("monte carlo handWrittenAdjointInto", mcExp, mc.greeks.clone(), 1e-12);
        compare("monte carlo finite differences", mcExp, Support.centralDifferences(v -> StatefulFunctions.monteCarloCall(
                v[0], v[1], v[2], mc.strike, mc.maturity, mc.normals, mc.paths, mc.steps),
                new double[] {mc.spot, mc.rate, mc.sigma}), 1e-5);
        // checkpoint = true, with a stretch of a few paths: the same gradient, bit for bit
        Tapes.setLoopBudget(512);
        StatefulFunctionsGrad.MonteCarloCallCheckpointedGradient mcc = StatefulFunctionsGrad
                .monteCarloCallCheckpointedGradient(mc.spot, mc.rate, mc.sigma, mc.strike, mc.maturity, mc.normals,
                        mc.paths, mc.steps);
        compare("monte carlo checkpointed (bit for bit)", mcExp, new double[] {mcc.dSpot(), mcc.dRate(), mcc.dSigma()},
                0);
        compare("iterated map checkpointed (bit for bit)",
                new double[] {FunctionsGrad.iteratedMapGradient(0.5, 5000).dX()},
                new double[] {StatefulFunctionsGrad.iteratedMapCheckpointedGradient(0.5, 5000).dX()}, 0);
        Tapes.setLoopBudget(Tapes.DEFAULT_LOOP_BUDGET_BYTES);

        Rk4Bench rk = new Rk4Bench();
        rk.steps = 200;
        rk.setup();
        StatefulFunctionsGrad.LotkaVolterraRk4Gradient rkg = rk.adjointReverse();
        double[] rkExp = {rkg.dX(), rkg.dY(), rkg.dA(), rkg.dB(), rkg.dC(), rkg.dD()};
        System.out.println("RK4 " + rkg);
        compare("rk4 handWritten", rkExp, rk.handWritten().gradient(), 1e-12);
        rk.handWrittenInto();
        compare("rk4 handWrittenInto", rkExp, rk.partials.clone(), 1e-12);
        compare("rk4 finite differences", rkExp, Support.centralDifferences(v -> StatefulFunctions.lotkaVolterraRk4(
                v[0], v[1], v[2], v[3], v[4], v[5], rk.h, rk.steps),
                new double[] {rk.x, rk.y, rk.a, rk.b, rk.c, rk.d}), 1e-6);

        RnnBench rnn = new RnnBench();
        rnn.hidden = 6;
        rnn.features = 3;
        rnn.steps = 10;
        rnn.setup();
        StatefulFunctionsGrad.RnnLossGradient rg = rnn.adjointReverse();
        double[] rExp = flat(rg.dW(), rg.dU(), new double[][] {rg.dBias()});
        HandWrittenStateful.RnnGradient rh = rnn.handWritten();
        compare("rnn handWritten", rExp, flat(rh.dW(), rh.dU(), new double[][] {rh.dBias()}), 1e-12);
        rnn.handWrittenInto();
        compare("rnn handWrittenInto", rExp, flat(rnn.dW, rnn.dU, new double[][] {rnn.dBias}), 1e-12);
        rnn.adjointReverseInto();
        compare("rnn adjointReverseInto (bit for bit)", rExp, flat(rnn.dW, rnn.dU, new double[][] {rnn.dBias}), 0);
    }

    private static double[] flat(double[][]... matrices) {
        return Arrays.stream(matrices).flatMap(Arrays::stream).flatMapToDouble(Arrays::stream).toArray();
    }
}
