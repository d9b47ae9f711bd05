package dev.adjoint.processor.corpus;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.adjoint.Differentiable;
import dev.adjoint.processor.testing.AdjointCompiler;
import dev.adjoint.processor.testing.ArrayArguments;
import dev.adjoint.processor.testing.Compiled;
import dev.adjoint.processor.testing.GradientChecker;
import dev.adjoint.runtime.Dual;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one corpus entry: reads the published source from its sources jar, annotates the chosen
 * methods, compiles the file through the processor with the library's binary jars on the class path,
 * and, when it compiled, checks the checked method's derivatives at every point and its value against
 * the published binary.
 */
final class CorpusRunner {

    /** No -Werror and no lints: published code may warn; only errors are the processor's verdict. */
    private static final List<String> OPTIONS = List.of("-parameters", "-nowarn", "-Xlint:none");

    private static final Set<String> SCALARS = Set.of("double", "int", "long", "boolean");

    private final Libraries libraries;
    private final Set<String> compilesUnannotated = ConcurrentHashMap.newKeySet();

    CorpusRunner(Libraries libraries) {
        this.libraries = libraries;
    }

    /** What happened to one entry. */
    record Result(CorpusEntry entry, Outcome outcome, int pointsChecked, List<String> wrongGradients) {

        boolean correct() {
            return outcome.kind() == Outcome.Kind.COMPILED && pointsChecked > 0 && wrongGradients.isEmpty();
        }
    }

    Result run(CorpusEntry entry) {
        Map<String, String> publishedSources = new LinkedHashMap<>();
        Map<String, String> annotated = new LinkedHashMap<>();
        for (String file : entry.sources()) {
            String text = libraries.jars().sourceText(entry.artifact(), file);
            publishedSources.put(file, text);
            annotated.put(file, MethodAnnotator.annotate(text, entry.methodsIn(file)));
        }
        String source = publishedSources.get(entry.source());
        List<File> classpath = libraries.classpath(entry.artifact());
        String userClass = entry.checked().binaryClassName(entry.packageName());
        String gradClass = Compiled.gradNameFor(userClass);

        Outcome outcome;
        try {
            outcome = Outcome.of(javac(classpath, annotated, true), gradClass);
        } catch (RuntimeException e) {
            outcome = Outcome.crashed(e);
        }
        if (outcome.kind() == Outcome.Kind.REFUSED) {
            requireCompilesUnannotated(entry, publishedSources, classpath);
        }
        if (outcome.kind() != Outcome.Kind.COMPILED) {
            return new Result(entry, outcome, 0, List.of());
        }

        List<String> wrong = new ArrayList<>();
        int checked = 0;
        MethodAnnotator.Declaration declaration = MethodAnnotator.find(source, entry.checked());
        List<Object[]> points = Points.parse(entry.points(), entry.checked().parameterTypes());
        try (LibraryClassLoader loader = new LibraryClassLoader(outcome.compilation(), classpath,
                CorpusRunner.class.getClassLoader())) {
            Class<?> user = load(userClass, loader);
            Class<?> grad = load(gradClass, loader);
            Method recompiled = method(user, entry.checked());
            Method published = method(load(userClass, CorpusRunner.class.getClassLoader()), entry.checked());
            boolean scalar = declaration.returnType().equals("double")
                    && entry.checked().parameterTypes().stream().allMatch(SCALARS::contains);
            for (Object[] point : points) {
                checked++;
                String where = entry.checked() + " at " + Arrays.deepToString(point);
                Object mine = call(recompiled, ArrayArguments.deepCopy(point));
                Object theirs = call(published, ArrayArguments.deepCopy(point));
                if (!Arrays.deepEquals(new Object[] {mine}, new Object[] {theirs})) {
                    wrong.add(where + ": the recompiled method gives " + Arrays.deepToString(new Object[] {mine})
                            + " but the published binary gives " + Arrays.deepToString(new Object[] {theirs}));
                }
                try {
                    if (scalar) {
                        new GradientChecker(user, grad).check(entry.checked().method(), point);
                    } else {
                        for (String failure : new ArrayGradientCheck(recompiled, grad).check(point)) {
                            wrong.add(where + ": " + failure);
                        }
                    }
                } catch (AssertionError e) {
                    wrong.add(where + ": " + e.getMessage());
                }
            }
        }
        return new Result(entry, outcome, checked, wrong);
    }

    /**
     * A refusal only counts if the file compiles without the annotation (else it measures javac, not
     * Adjoint): checked once per file, by javac alone.
     */
    private void requireCompilesUnannotated(CorpusEntry entry, Map<String, String> sources, List<File> classpath) {
        String files = entry.artifact() + "/" + String.join("+", sources.keySet());
        if (compilesUnannotated.contains(files)) {
            return;
        }
        Compilation plain = javac(classpath, sources, false);
        if (plain.status() != Compilation.Status.SUCCESS) {
            throw new AssertionError(sources.keySet() + " of " + entry.artifact()
                    + " does not compile even without the annotation here:\n" + AdjointCompiler.describe(plain));
        }
        compilesUnannotated.add(files);
    }

    /**
     * Compiles the files (path in the jar to text) together, as {@link AdjointCompiler#compileRaw} does
     * (same class path: annotations, runtime, then the library's jars), through the processor or (for the
     * check above) without any, each under the name its path in the jar gives it: published files do not
     * always start their type declaration at column 0, which compileRaw's name finder expects.
     */
    private static Compilation javac(List<File> libraryJars, Map<String, String> sources, boolean withProcessor) {
        List<File> classpath = new ArrayList<>(List.of(AdjointCompiler.codeSourceOf(Differentiable.class),
                AdjointCompiler.codeSourceOf(Dual.class)));
        classpath.addAll(libraryJars);
        List<String> options = new ArrayList<>(OPTIONS);
        if (!withProcessor) {
            options.add("-proc:none");
        }
        Compiler javac = withProcessor ? Compiler.javac().withProcessors(AdjointCompiler.newProcessor()) : Compiler.javac();
        return javac.withOptions(options).withClasspath(classpath).compile(sources.entrySet().stream()
                .map(e -> JavaFileObjects.forSourceString(qualifiedName(e.getKey()), e.getValue())).toList());
    }

    private static String qualifiedName(String path) {
        return path.substring(0, path.length() - ".java".length()).replace('/', '.');
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load " + name, e);
        }
    }

    private static Method method(Class<?> owner, MethodSpec spec) {
        for (Method m : owner.getDeclaredMethods()) {
            if (m.getName().equals(spec.method()) && typesOf(m).equals(spec.parameterTypes())) {
                m.setAccessible(true);
                return m;
            }
        }
        throw new AssertionError("no method " + spec + " in " + owner.getName());
    }

    private static List<String> typesOf(Method m) {
        return Arrays.stream(m.getParameterTypes()).map(Class::getTypeName).toList();
    }

    private static Object call(Method m, Object[] args) {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw new AssertionError("calling " + m + " threw " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot call " + m, e);
        }
    }
}
