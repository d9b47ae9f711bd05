package dev.adjoint.processor.corpus;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A method of a source file: the simple names of its enclosing classes within the file, joined by
 * dots ({@code Gamma}, {@code ZipfDistribution.ZipfRejectionInversionSampler}), its name and its
 * parameter types as written ({@code double}, {@code double[]}, {@code int}).
 */
record MethodSpec(String classPath, String method, List<String> parameterTypes) {

    private static final Pattern FORM = Pattern.compile("([\\w.]+)\\.(\\w+)\\(([^)]*)\\)");

    /** Reads {@code Outer.Inner.name(double,int)}. */
    static MethodSpec parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not Class.method(types): " + text);
        }
        String params = m.group(3).replace(" ", "");
        return new MethodSpec(m.group(1), m.group(2), params.isEmpty() ? List.of() : Arrays.asList(params.split(",")));
    }

    /** The binary name of the enclosing class, given the file's package. */
    String binaryClassName(String packageName) {
        String nested = classPath.replace('.', '$');
        return packageName.isEmpty() ? nested : packageName + "." + nested;
    }

    @Override
    public String toString() {
        return classPath + "." + method + "(" + String.join(",", parameterTypes) + ")";
    }
}
