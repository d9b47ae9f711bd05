package dev.adjoint.processor.ir;

import static dev.adjoint.processor.ir.Exprs.ONE;
import static dev.adjoint.processor.ir.Exprs.ZERO;
import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.binary;
import static dev.adjoint.processor.ir.Exprs.conditional;
import static dev.adjoint.processor.ir.Exprs.div;
import static dev.adjoint.processor.ir.Exprs.math;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.number;
import static dev.adjoint.processor.ir.Exprs.sub;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The Math functions the IR can call: every {@code java.lang.Math} / {@code StrictMath} function
 * from doubles to a double (and the few more of the libraries' {@code FastMath}, see {@link #OWNERS}),
 * with its partial derivatives. One table serves both modes: forward mode multiplies the
 * partials by the arguments' tangents, reverse mode multiplies the result's adjoint by them.
 *
 * <p>A rule sees its arguments and its result as atoms (names or literals, already evaluated), so
 * {@code exp} can reuse its result instead of computing it twice. Adding a function is one line.
 *
 * <p>Kinks follow one convention, the derivative of the branch Java takes: {@code abs(x)} is
 * {@code x >= 0 ? x : -x}, {@code max(a, b)} is {@code a >= b ? a : b} and {@code min(a, b)} is
 * {@code a <= b ? a : b}. Step functions have derivative 0 everywhere. {@code hypot} at the origin
 * has derivative 0 (the smallest subgradient) instead of 0/0.
 */
public enum MathFunction {
    SIN("sin", 1, (a, r, m) -> List.of(m.call("cos", a.get(0)))),
    COS("cos", 1, (a, r, m) -> List.of(neg(m.call("sin", a.get(0))))),
    TAN("tan", 1, (a, r, m) -> List.of(add(ONE, mul(r.get(), r.get())))),
    ASIN("asin", 1, (a, r, m) -> List.of(div(ONE, m.call("sqrt", sub(ONE, mul(a.get(0), a.get(0))))))),
    ACOS("acos", 1, (a, r, m) -> List.of(neg(div(ONE, m.call("sqrt", sub(ONE, mul(a.get(0), a.get(0)))))))),
    ATAN("atan", 1, (a, r, m) -> List.of(div(ONE, add(ONE, mul(a.get(0), a.get(0)))))),
    ATAN2("atan2", 2, (a, r, m) -> {
        Expr squaredNorm = add(mul(a.get(0), a.get(0)), mul(a.get(1), a.get(1)));
        return List.of(div(a.get(1), squaredNorm), neg(div(a.get(0), squaredNorm)));
    }),
    SINH("sinh", 1, (a, r, m) -> List.of(m.call("cosh", a.get(0)))),
    COSH("cosh", 1, (a, r, m) -> List.of(m.call("sinh", a.get(0)))),
    TANH("tanh", 1, (a, r, m) -> List.of(sub(ONE, mul(r.get(), r.get())))),
    EXP("exp", 1, (a, r, m) -> List.of(r.get())),
    EXPM1("expm1", 1, (a, r, m) -> List.of(add(r.get(), ONE))),
    LOG("log", 1, (a, r, m) -> List.of(div(ONE, a.get(0)))),
    LOG10("log10", 1, (a, r, m) -> List.of(div(ONE, mul(a.get(0), number(Math.log(10)))))),
    LOG1P("log1p", 1, (a, r, m) -> List.of(div(ONE, add(ONE, a.get(0))))),
    SQRT("sqrt", 1, (a, r, m) -> List.of(div(number(0.5), r.get()))),
    CBRT("cbrt", 1, (a, r, m) -> List.of(div(ONE, mul(number(3), mul(r.get(), r.get()))))),
    POW("pow", 2, (a, r, m) -> List.of(powerRule(a.get(0), a.get(1), m), exponentRule(a.get(0), r.get(), m))),
    HYPOT("hypot", 2, (a, r, m) -> List.of(
            conditional(isZero(r.get()), ZERO, div(a.get(0), r.get())),
            conditional(isZero(r.get()), ZERO, div(a.get(1), r.get())))),
    ABS("abs", 1, (a, r, m) -> List.of(conditional(binary(BinaryOp.GE, a.get(0), ZERO), ONE, number(-1)))),
    MAX("max", 2, (a, r, m) -> firstWins(binary(BinaryOp.GE, a.get(0), a.get(1)))),
    MIN("min", 2, (a, r, m) -> firstWins(binary(BinaryOp.LE, a.get(0), a.get(1)))),
    FMA("fma", 3, (a, r, m) -> List.of(a.get(1), a.get(0), ONE)),
    TO_RADIANS("toRadians", 1, (a, r, m) -> List.of(number(Math.PI / 180))),
    TO_DEGREES("toDegrees", 1, (a, r, m) -> List.of(number(180 / Math.PI))),
    SCALB("scalb", 2, (a, r, m) -> List.of(m.call("scalb", ONE, a.get(1)), ZERO)),
    COPY_SIGN("copySign", 2, (a, r, m) -> List.of(
            conditional(binary(BinaryOp.EQ, m.signOf(a.get(0)), m.signOf(r.get())), ONE, number(-1)),
            ZERO)),
    NEXT_UP("nextUp", 1, (a, r, m) -> List.of(ONE)),
    NEXT_DOWN("nextDown", 1, (a, r, m) -> List.of(ONE)),
    NEXT_AFTER("nextAfter", 2, (a, r, m) -> List.of(ONE, ZERO)),
    ASINH("asinh", 1, (a, r, m) -> List.of(div(ONE, m.call("sqrt", add(mul(a.get(0), a.get(0)), ONE))))),
    ACOSH("acosh", 1, (a, r, m) -> List.of(div(ONE, m.call("sqrt", sub(mul(a.get(0), a.get(0)), ONE))))),
    ATANH("atanh", 1, (a, r, m) -> List.of(div(ONE, sub(ONE, mul(a.get(0), a.get(0)))))),
    IEEE_REMAINDER("IEEEremainder", 2, (a, r, m) -> List.of(ONE, neg(m.call("rint", div(a.get(0), a.get(1)))))),
    SIGNUM("signum", 1, Partials.STEP),
    FLOOR("floor", 1, Partials.STEP),
    CEIL("ceil", 1, Partials.STEP),
    RINT("rint", 1, Partials.STEP),
    ULP("ulp", 1, Partials.STEP);

    /** {@code java.lang.Math}: what the processor's own lowerings call. */
    public static final Type.Named JAVA_MATH = Type.Named.of("java.lang", "Math");

    /**
     * The classes whose functions the table covers, by qualified name: {@code java.lang.Math}, its
     * strict twin, and the drop-in replacements of Apache Commons Math 3 and Hipparchus, whose
     * functions have the same meaning (so the same derivatives) and, where Java's Math has none,
     * {@code asinh}, {@code acosh} and {@code atanh}. Recognised by name: Adjoint depends on neither
     * library. A call is read as a table function only where its class declares that method, and the
     * derivative code calls the same class, so values stay bit-identical to the user's.
     */
    public static final java.util.Set<String> OWNERS = java.util.Set.of("java.lang.Math", "java.lang.StrictMath",
            "org.apache.commons.math3.util.FastMath", "org.hipparchus.util.FastMath");

    private final String javaName;
    private final int arity;
    private final Partials partials;

    MathFunction(String javaName, int arity, Partials partials) {
        this.javaName = javaName;
        this.arity = arity;
        this.partials = partials;
    }

    /** The method name in {@code java.lang.Math}. */
    public String javaName() {
        return javaName;
    }

    public int arity() {
        return arity;
    }

    /**
     * The partial derivative with respect to each argument.
     *
     * @param arguments the arguments as atoms
     * @param result the function's value as an atom, computed only if a rule asks for it
     * @param owner the class the user called: derivative code calls the same one
     */
    public List<Expr> partials(List<Expr> arguments, Supplier<Expr> result, Type.Named owner) {
        return partials.of(arguments, result, new MathOwner(owner));
    }

    /** Whether the Java method declares argument {@code index} as an integer ({@code scalb}'s exponent). */
    public boolean takesIntegerAt(int index) {
        return this == SCALB && index == 1;
    }

    /** Whether some partial is written in terms of the function's own value (exp, sqrt, tanh, ...). */
    public boolean usesResult() {
        boolean[] asked = {false};
        List<Expr> atoms = java.util.Collections.nCopies(arity, ONE);
        partials(atoms, () -> {
            asked[0] = true;
            return ONE;
        }, JAVA_MATH);
        return asked[0];
    }

    /** Whether some partial reads argument {@code index} (tanh's does not: it uses the result). */
    public boolean usesArgument(int index) {
        List<Expr> atoms = new java.util.ArrayList<>();
        for (int i = 0; i < arity; i++) {
            atoms.add(new Expr.Ref(new Variable("argument" + i, Type.DOUBLE, Variable.Origin.GENERATED)));
        }
        Expr marker = atoms.get(index);
        boolean[] found = {false};
        for (Expr partial : partials(atoms, () -> ONE, JAVA_MATH)) {
            StatementWalker.walk(partial, e -> found[0] |= e == marker);
        }
        return found[0];
    }

    /**
     * Whether a partial can be infinite at a finite point (sqrt and cbrt at 0, the logarithms at their
     * poles, pow at base 0, asin and acos at ±1, atan2 at the origin). Derivative code then treats a
     * zero tangent or adjoint as contributing exactly zero, instead of 0 × ∞ = NaN.
     */
    public boolean isSingular() {
        return switch (this) {
            case SQRT, CBRT, LOG, LOG10, LOG1P, POW, ASIN, ACOS, ATAN2, ACOSH, ATANH -> true;
            default -> false;
        };
    }

    /** Step functions: zero everywhere, so the result never carries a derivative. */
    public boolean isPiecewiseConstant() {
        return partials == Partials.STEP;
    }

    /** The function called {@code name} taking {@code arity} doubles, if there is a rule for it. */
    public static Optional<MathFunction> find(String name, int arity) {
        for (MathFunction f : values()) {
            if (name.equals(f.javaName) && f.arity == arity) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static List<Expr> firstWins(Expr firstChosen) {
        return List.of(conditional(firstChosen, ONE, ZERO), conditional(firstChosen, ZERO, ONE));
    }

    private static Expr isZero(Expr e) {
        return binary(BinaryOp.EQ, e, ZERO);
    }

    /** d/da a^b = b a^(b-1), written without pow for the small integer exponents people use. */
    private static Expr powerRule(Expr base, Expr exponent, MathOwner m) {
        if (exponent instanceof Expr.Literal literal && literal.value() instanceof Number n) {
            double b = n.doubleValue();
            if (b == 0) {
                return ZERO;
            }
            if (b == 1) {
                return ONE;
            }
            if (b == 2) {
                return mul(number(2), base);
            }
            return mul(number(b), m.call("pow", base, number(b - 1)));
        }
        return mul(exponent, m.call("pow", base, sub(exponent, ONE)));
    }

    /** d/db a^b = a^b ln a; taken as 0 where a^b is 0 (the limit from a > 0), instead of 0 * -inf. */
    private static Expr exponentRule(Expr base, Expr result, MathOwner m) {
        return conditional(isZero(result), ZERO, mul(result, m.call("log", base)));
    }

    /** The class whose functions a rule calls, so StrictMath code stays StrictMath. */
    public record MathOwner(Type.Named name) {
        /** A call of the function {@code javaName} (by name: rules are written before all constants exist). */
        public Expr call(String javaName, Expr... arguments) {
            return math(name, find(javaName, arguments.length).orElseThrow(), arguments);
        }

        /** {@code copySign(1, x)}: the sign bit of {@code x} as ±1, where signum would give 0. */
        public Expr signOf(Expr x) {
            return math(name, COPY_SIGN, ONE, x);
        }
    }


    @FunctionalInterface
    private interface Partials {
        Partials STEP = (a, r, m) -> java.util.Collections.nCopies(a.size(), ZERO);

        List<Expr> of(List<Expr> arguments, Supplier<Expr> result, MathOwner owner);
    }
}
