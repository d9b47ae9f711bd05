package dev.adjoint.processor.corpus;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A method of a source file: the simple names of its enclosing classes within the file, joined by
 * dots ({@code Gamma}, {@code ZipfDistribution.ZipfRejectionInversionSampler}), its name and its
 * parameter types as written ({@code double}, {@code double[]}, {@code int}); and, for a helper in
 * another package than the entry's file, that package ({@code ""} for the entry's own).
 */
record MethodSpec(String packageName, String classPath, String method, List<String> parameterTypes) {

    private static final Pattern FORM = Pattern.compile("((?:[a-z]\\w*\\.)*)([A-Z][\\w.]*)\\.(\\w+)\\(([^)]*)\\)");

    MethodSpec(String classPath, String method, List<String> parameterTypes) {
        this("", classPath, method, parameterTypes);
    }

    /** Reads {@code Outer.Inner.name(double,int)}, optionally package-qualified ({@code org.example.Outer.name()}). */
    static MethodSpec parse(String text) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not [package.]Class.method(types): " + text);
        }
        String pkg = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
        String params = m.group(4).replace(" ", "");
        return new MethodSpec(pkg, m.group(2), m.group(3), params.isEmpty() ? List.of() : Arrays.asList(params.split(",")));
    }

    /** The same method without its package: as {@link MethodAnnotator} finds it inside its file. */
    MethodSpec inFile() {
        return new MethodSpec(classPath, method, parameterTypes);
    }

    /** The binary name of the enclosing class, given the file's package. */
    String binaryClassName(String packageName) {
        String nested = classPath.replace('.', '$');
        return packageName.isEmpty() ? nested : packageName + "." + nested;
    }

    @Override
    public String toString() {
        return (packageName.isEmpty() ? "" : packageName + ".") + classPath + "." + method + "(" + String.join(",", parameterTypes) + ")";
    }
}
