package dev.adjoint.processor.ir;

import static dev.adjoint.processor.ir.Exprs.ONE;
import static dev.adjoint.processor.ir.Exprs.ZERO;
import static dev.adjoint.processor.ir.Exprs.add;
import static dev.adjoint.processor.ir.Exprs.binary;
import static dev.adjoint.processor.ir.Exprs.conditional;
import static dev.adjoint.processor.ir.Exprs.math;
import static dev.adjoint.processor.ir.Exprs.mul;
import static dev.adjoint.processor.ir.Exprs.neg;
import static dev.adjoint.processor.ir.Exprs.number;
import static dev.adjoint.processor.ir.Exprs.sub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Special functions of published numeric libraries whose derivatives are known in closed form: the
 * error function and its inverses, the gamma and beta families, the normal distribution. Code that
 * calls them compiles unchanged: the derivative of {@code Erf.erf(x)} is {@code 2/√π·exp(-x²)}, not
 * the derivative of the library's series or continued fraction (which may hold objects, and whose
 * own derivative is a worse approximation of the true one).
 *
 * <p>Recognised by their owner's qualified name and their exact parameter types, as {@code FastMath}
 * is: Adjoint depends on none of these libraries. A partial may call another function of the same
 * library ({@code logGamma}'s is {@code digamma}); a rule is offered only where the user's classpath
 * has every function its partials call (see {@link #calls}). Where no closed form exists (the
 * incomplete gamma function with respect to its shape {@code a}) the parameter has no rule, and a
 * differentiable argument there is an error naming it. A user's {@code @DerivativeOf} rule and a
 * {@code @Differentiable} annotation on the function itself both take precedence over this table.
 */
public final class LibraryFunctions {

    private static final String COMMONS_MATH = "org.apache.commons.math3";
    private static final String HIPPARCHUS = "org.hipparchus";
    private static final String COMMONS_NUMBERS_GAMMA = "org.apache.commons.numbers.gamma";
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);

    /** Each function by its key ({@code owner#name(types)}); a method of objects has its receiver first. */
    private static final Map<String, Function> TABLE = new HashMap<>();
    /** The classes whose objects' methods the table has (their qualified names). */
    private static final java.util.Set<String> OBJECT_CLASSES = new java.util.HashSet<>();

    /**
     * The continuous distributions of Commons Math 3 and Hipparchus: objects whose methods are
     * differentiated with respect to their arguments (a distribution's own parameters are fixed).
     */
    private static final List<String> CONTINUOUS_DISTRIBUTIONS = List.of("BetaDistribution", "CauchyDistribution",
            "ChiSquaredDistribution", "ExponentialDistribution", "FDistribution", "GammaDistribution",
            "GumbelDistribution", "LaplaceDistribution", "LevyDistribution", "LogisticDistribution",
            "LogNormalDistribution", "NakagamiDistribution", "NormalDistribution", "ParetoDistribution",
            "TDistribution", "TriangularDistribution", "UniformRealDistribution", "WeibullDistribution");

    static {
        for (String root : List.of(COMMONS_MATH, HIPPARCHUS)) {
            Library special = new Library(root + ".special");
            special.add("Erf", "erf(double x)", (x, l) -> List.of(erfSlope(x.get(0))));
            special.add("Erf", "erfc(double x)", (x, l) -> List.of(neg(erfSlope(x.get(0)))));
            special.add("Erf", "erf(double x1, double x2)",
                    (x, l) -> List.of(neg(erfSlope(x.get(0))), erfSlope(x.get(1))));
            special.add("Erf", "erfInv(double x)",
                    (x, l) -> List.of(inverseErfSlope(l.call("Erf", "erfInv", x.get(0)))));
            special.add("Erf", "erfcInv(double x)",
                    (x, l) -> List.of(neg(inverseErfSlope(l.call("Erf", "erfcInv", x.get(0))))));
            special.add("Gamma", "logGamma(double x)", (x, l) -> List.of(l.call("Gamma", "digamma", x.get(0))));
            special.add("Gamma", "logGamma1p(double x)",
                    (x, l) -> List.of(l.call("Gamma", "digamma", add(ONE, x.get(0)))));
            special.add("Gamma", "gamma(double x)", (x, l) -> List.of(
                    mul(l.call("Gamma", "gamma", x.get(0)), l.call("Gamma", "digamma", x.get(0)))));
            special.add("Gamma", "digamma(double x)", (x, l) -> List.of(l.call("Gamma", "trigamma", x.get(0))));
            for (String signature : List.of("(double a, double x)",
                    "(double a, double x, double epsilon, int maxIterations)")) {
                special.add("Gamma", "regularizedGammaP" + signature,
                        (x, l) -> gammaDensityInX(x, l.call("Gamma", "logGamma", x.get(0)), false));
                special.add("Gamma", "regularizedGammaQ" + signature,
                        (x, l) -> gammaDensityInX(x, l.call("Gamma", "logGamma", x.get(0)), true));
            }
            special.add("Beta", "logBeta(double a, double b)", (x, l) -> logBetaPartials(x));
            for (String tail : List.of("", ", double epsilon", ", int maxIterations",
                    ", double epsilon, int maxIterations")) {
                special.add("Beta", "regularizedBeta(double x, double a, double b" + tail + ")",
                        (x, l) -> betaDensityInX(x, l.call("Beta", "logBeta", x.get(1), x.get(2))));
            }
            Library util = new Library(root + ".util");
            util.add("Precision", "round(double x, int scale)", (x, l) -> List.of(ZERO, ZERO));
        }
        new Library(COMMONS_MATH + ".util").add("Precision", "round(double x, int scale, int roundingMethod)",
                (x, l) -> List.of(ZERO, ZERO, ZERO));

        Library numbers = new Library(COMMONS_NUMBERS_GAMMA);
        numbers.add("Erf", "value(double x)", (x, l) -> List.of(erfSlope(x.get(0))));
        numbers.add("Erfc", "value(double x)", (x, l) -> List.of(neg(erfSlope(x.get(0)))));
        numbers.add("ErfDifference", "value(double x1, double x2)",
                (x, l) -> List.of(neg(erfSlope(x.get(0))), erfSlope(x.get(1))));
        numbers.add("InverseErf", "value(double x)",
                (x, l) -> List.of(inverseErfSlope(l.call("InverseErf", "value", x.get(0)))));
        numbers.add("InverseErfc", "value(double x)",
                (x, l) -> List.of(neg(inverseErfSlope(l.call("InverseErfc", "value", x.get(0))))));
        numbers.add("LogGamma", "value(double x)", (x, l) -> List.of(l.call("Digamma", "value", x.get(0))));
        numbers.add("LogGamma1p", "value(double x)",
                (x, l) -> List.of(l.call("Digamma", "value", add(ONE, x.get(0)))));
        numbers.add("Gamma", "value(double x)", (x, l) -> List.of(
                mul(l.call("Gamma", "value", x.get(0)), l.call("Digamma", "value", x.get(0)))));
        numbers.add("Digamma", "value(double x)", (x, l) -> List.of(l.call("Trigamma", "value", x.get(0))));
        numbers.add("LogBeta", "value(double a, double b)", (x, l) -> logBetaPartials(x));
        for (String signature : List.of("value(double a, double x)",
                "value(double a, double x, double epsilon, int maxIterations)")) {
            numbers.add("RegularizedGamma.P", signature,
                    (x, l) -> gammaDensityInX(x, l.call("LogGamma", "value", x.get(0)), false));
            numbers.add("RegularizedGamma.Q", signature,
                    (x, l) -> gammaDensityInX(x, l.call("LogGamma", "value", x.get(0)), true));
        }
        for (String signature : List.of("value(double x, double a, double b)",
                "value(double x, double a, double b, double epsilon, int maxIterations)")) {
            numbers.add("RegularizedBeta", signature,
                    (x, l) -> betaDensityInX(x, l.call("LogBeta", "value", x.get(1), x.get(2))));
        }

        for (String distributions : List.of(COMMONS_MATH + ".distribution", HIPPARCHUS + ".distribution.continuous")) {
            Library library = new Library(distributions);
            for (String distribution : CONTINUOUS_DISTRIBUTIONS) {
                // A continuous distribution's CDF has its density as derivative, and its quantile function
                // the reciprocal of the density at the quantile.
                library.addMethod(distribution, "cumulativeProbability(double x)",
                        (x, l) -> List.of(receiverCall(x, "density", x.get(1))));
                library.addMethod(distribution, "probability(double x0, double x1)", (x, l) -> List.of(
                        neg(receiverCall(x, "density", x.get(1))), receiverCall(x, "density", x.get(2))));
                library.addMethod(distribution, "inverseCumulativeProbability(double p)", (x, l) -> List.of(
                        Exprs.div(ONE, receiverCall(x, "density", receiverCall(x, "inverseCumulativeProbability", x.get(1))))));
            }
            // The normal density's own derivative: -(x - mean) / sd² times the density (of its logarithm, without).
            library.addMethod("NormalDistribution", "density(double x)",
                    (x, l) -> List.of(mul(normalScore(x), receiverCall(x, "density", x.get(1)))));
            library.addMethod("NormalDistribution", "logDensity(double x)", (x, l) -> List.of(normalScore(x)));
        }

        Library finmath = new Library("net.finmath.functions");
        finmath.add("NormalDistribution", "cumulativeDistribution(double x)",
                (x, l) -> List.of(normalDensity(x.get(0))));
        finmath.add("NormalDistribution", "density(double x)",
                (x, l) -> List.of(neg(mul(x.get(0), normalDensity(x.get(0))))));
        finmath.add("NormalDistribution", "inverseCumulativeDistribution(double p)", (x, l) -> {
            Expr quantile = l.call("NormalDistribution", "inverseCumulativeDistribution", x.get(0));
            return List.of(mul(number(Math.sqrt(2 * Math.PI)),
                    math(MathFunction.JAVA_MATH, MathFunction.EXP, mul(number(0.5), mul(quantile, quantile)))));
        });
    }

    private LibraryFunctions() {
    }

    /**
     * The rules of the function {@code owner.name(parameterTypes)}, one per parameter (null where a
     * parameter has none), if the table knows it.
     *
     * @param owner the qualified name of the declaring class, nested classes joined by dots
     * @param parameterTypes the declared parameter types, as javac prints them ({@code double}, {@code int})
     */
    public static Optional<List<PartialRule>> rules(String owner, String name, List<String> parameterTypes) {
        Function function = TABLE.get(key(owner, name, parameterTypes));
        if (function == null) {
            return Optional.empty();
        }
        List<PartialRule> rules = new ArrayList<>();
        List<Expr> probe = function.probeArguments();
        List<Expr> partials = function.partials().apply(probe, function.library());
        int offset = function.onObject() ? 1 : 0;
        if (function.onObject()) {
            rules.add(null);
        }
        for (int i = 0; i < parameterTypes.size(); i++) {
            boolean differentiable = parameterTypes.get(i).equals("double") && partials.get(i + offset) != null;
            rules.add(differentiable ? new Partial(function.key(), i + offset) : null);
        }
        return Optional.of(rules);
    }

    /** The static methods the rules of a known function call: the classpath must have each one. */
    public static List<Expr.InvokeStatic> calls(String owner, String name, List<String> parameterTypes) {
        Function function = TABLE.get(key(owner, name, parameterTypes));
        List<Expr.InvokeStatic> calls = new ArrayList<>();
        if (function != null) {
            for (Expr partial : function.partials().apply(function.probeArguments(), function.library())) {
                if (partial != null) {
                    StatementWalker.walk(partial, e -> {
                        if (e instanceof Expr.InvokeStatic call) {
                            calls.add(call);
                        }
                    });
                }
            }
        }
        return calls;
    }

    /**
     * The rules of the method {@code owner.name(parameterTypes)} called on an object of the class
     * {@code owner}: as {@link #rules}, with the receiver first (it has none).
     */
    public static Optional<List<PartialRule>> methodRules(String owner, String name, List<String> parameterTypes) {
        return rules(owner, METHOD + name, parameterTypes);
    }

    /** Whether the processor knows methods of objects of the class {@code owner} (their receiver is never differentiated). */
    public static boolean knowsMethodsOf(String owner) {
        return OBJECT_CLASSES.contains(owner);
    }

    /** {@code receiver.name(argument)}, the receiver being the first of a method's arguments. */
    private static Expr receiverCall(List<Expr> arguments, String name, Expr argument) {
        return new Expr.Invoke(arguments.get(0), name, List.of(argument), Type.DOUBLE);
    }

    /** -(x - mean) / sd² of a normal distribution, its receiver first in {@code arguments}. */
    private static Expr normalScore(List<Expr> arguments) {
        Expr sd = new Expr.Invoke(arguments.get(0), "getStandardDeviation", List.of(), Type.DOUBLE);
        Expr mean = new Expr.Invoke(arguments.get(0), "getMean", List.of(), Type.DOUBLE);
        return neg(Exprs.div(sub(arguments.get(1), mean), mul(sd, sd)));
    }

    /** d/dx erf(x) = 2/√π · exp(-x²). */
    private static Expr erfSlope(Expr x) {
        return mul(number(TWO_OVER_SQRT_PI), math(MathFunction.JAVA_MATH, MathFunction.EXP, neg(mul(x, x))));
    }

    /** d/dx erfInv(x) = √π/2 · exp(erfInv(x)²), given {@code erfInv(x)}. */
    private static Expr inverseErfSlope(Expr inverse) {
        return mul(number(1 / TWO_OVER_SQRT_PI), math(MathFunction.JAVA_MATH, MathFunction.EXP, mul(inverse, inverse)));
    }

    /** The standard normal density exp(-x²/2)/√(2π). */
    private static Expr normalDensity(Expr x) {
        return mul(number(ONE_OVER_SQRT_TWO_PI),
                math(MathFunction.JAVA_MATH, MathFunction.EXP, mul(number(-0.5), mul(x, x))));
    }

    /**
     * The regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 - P(a, x): with respect to x,
     * ±x^(a-1)·e^(-x)/Γ(a); with respect to a, no closed form (no rule).
     */
    private static List<Expr> gammaDensityInX(List<Expr> x, Expr logGammaOfA, boolean complement) {
        Expr a = x.get(0);
        Expr density = math(MathFunction.JAVA_MATH, MathFunction.EXP,
                sub(sub(timesLog(sub(a, ONE), x.get(1)), x.get(1)), logGammaOfA));
        List<Expr> partials = new ArrayList<>(Arrays.asList(new Expr[x.size()]));
        partials.set(1, complement ? neg(density) : density);
        return partials;
    }

    /** The regularized incomplete beta function I_x(a, b): with respect to x, x^(a-1)·(1-x)^(b-1)/B(a, b). */
    private static List<Expr> betaDensityInX(List<Expr> x, Expr logBetaOfAb) {
        Expr density = math(MathFunction.JAVA_MATH, MathFunction.EXP, sub(add(timesLog(sub(x.get(1), ONE), x.get(0)),
                timesLog(sub(x.get(2), ONE), sub(ONE, x.get(0)))), logBetaOfAb));
        List<Expr> partials = new ArrayList<>(Arrays.asList(new Expr[x.size()]));
        partials.set(0, density);
        return partials;
    }

    /**
     * log B(a, b) = log Γ(a) + log Γ(b) - log Γ(a + b): its partials are ψ(a) - ψ(a + b) and ψ(b) - ψ(a + b),
     * each summed without cancelling ({@code SpecialFunctions.digammaDifference}): as the difference of two
     * digammas of the library, only five digits of ∂/∂b survived at a = 4.2e10, b = 2.5 (fuzz seed 1800057).
     */
    private static List<Expr> logBetaPartials(List<Expr> x) {
        return List.of(digammaDifference(x.get(0), x.get(1)), digammaDifference(x.get(1), x.get(0)));
    }

    private static Expr digammaDifference(Expr a, Expr b) {
        return new Expr.InvokeStatic(RuntimeTypes.SPECIAL_FUNCTIONS, "digammaDifference", List.of(a, b), Type.DOUBLE);
    }

    /**
     * {@code p · log(y)}, taken as 0 where p is 0: the density x^(a-1) at x = 0 for a = 1 is 1, where
     * 0 · log(0) would make it NaN.
     */
    private static Expr timesLog(Expr p, Expr y) {
        return conditional(binary(BinaryOp.EQ, p, ZERO), ZERO, mul(p, math(MathFunction.JAVA_MATH, MathFunction.LOG, y)));
    }

    /** Marks a method of objects in a key, apart from a static function of the same name. */
    private static final String METHOD = "this.";

    private static String key(String owner, String name, List<String> parameterTypes) {
        return owner + "#" + name + "(" + String.join(",", parameterTypes) + ")";
    }

    /** The functions of one package, whose partials may call each other. */
    private record Library(String packageName) {

        /** Registers {@code owner.signature} ({@code "erf(double x)"}) with its partials. */
        void add(String owner, String signature, BiFunction<List<Expr>, Library, List<Expr>> partials) {
            register(owner, signature, false, partials);
        }

        /**
         * Registers the method {@code owner.signature} of objects: its partials see the receiver as the
         * first argument and give none for it.
         */
        void addMethod(String owner, String signature, BiFunction<List<Expr>, Library, List<Expr>> partials) {
            register(owner, METHOD + signature, true, (x, l) -> {
                List<Expr> withReceiver = new ArrayList<>();
                withReceiver.add(null);
                withReceiver.addAll(partials.apply(x, l));
                return withReceiver;
            });
        }

        private void register(String owner, String signature, boolean onObject,
                BiFunction<List<Expr>, Library, List<Expr>> partials) {
            String name = signature.substring(0, signature.indexOf('('));
            List<String> types = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String parameter : signature.substring(signature.indexOf('(') + 1, signature.length() - 1).split(",")) {
                String[] typeAndName = parameter.trim().split(" ");
                types.add(typeAndName[0]);
                names.add(typeAndName[1]);
            }
            String key = key(packageName + "." + owner, name, types);
            TABLE.put(key, new Function(key, this, types, names, onObject, partials));
            if (onObject) {
                OBJECT_CLASSES.add(packageName + "." + owner);
            }
        }

        /** {@code Owner.name(arguments)}, a function of this library returning a double. */
        Expr call(String owner, String name, Expr... arguments) {
            String[] path = owner.split("\\.");
            return new Expr.InvokeStatic(Type.Named.of(packageName, path), name, List.of(arguments), Type.DOUBLE);
        }
    }

    /**
     * A known function, or a method of objects ({@code onObject}: its partials see the receiver as
     * argument 0, before the parameters the types and names list).
     */
    private record Function(String key, Library library, List<String> parameterTypes, List<String> parameterNames,
            boolean onObject, BiFunction<List<Expr>, Library, List<Expr>> partials) {

        /** Stand-ins for the arguments, to see which partials exist and what they call. */
        List<Expr> probeArguments() {
            List<Expr> arguments = new ArrayList<>();
            if (onObject) {
                arguments.add(new Expr.Ref(new Variable("receiver", Type.Named.of("java.lang", "Object"),
                        Variable.Origin.GENERATED)));
            }
            for (int i = 0; i < parameterTypes.size(); i++) {
                Type type = parameterTypes.get(i).equals("int") ? Type.INT : Type.DOUBLE;
                arguments.add(new Expr.Ref(new Variable(parameterNames.get(i), type, Variable.Origin.GENERATED)));
            }
            return arguments;
        }
    }

    /** The partial of a known function with respect to one parameter. */
    private record Partial(String key, int parameter) implements PartialRule {
        @Override
        public Expr partial(List<Expr> arguments) {
            Function function = TABLE.get(key);
            return function.partials().apply(arguments, function.library()).get(parameter);
        }
    }
}
