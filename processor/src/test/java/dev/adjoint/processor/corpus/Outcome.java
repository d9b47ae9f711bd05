package dev.adjoint.processor.corpus;

import com.google.testing.compile.Compilation;
import dev.adjoint.processor.testing.AdjointCompiler;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * What the processor made of one annotated source file: it compiled (and generated the derivative
 * class), or it was refused with an error on a line of the user's file, or (a processor bug) the
 * generated code itself did not compile, or the compiler threw.
 */
record Outcome(Kind kind, String file, long line, String message, String sourceLine, Compilation compilation) {

    enum Kind {
        /** Compiled, derivative class generated. */
        COMPILED,
        /** An error on the annotated file: the processor refused a construct. */
        REFUSED,
        /** An error in a generated file: the processor wrote code that does not compile. */
        GENERATED_CODE_BROKEN,
        /** The compilation threw (a crash in the processor or in javac). */
        CRASHED
    }

    static Outcome of(Compilation compilation, String generatedClassName) {
        List<JavaFileObject> generated = AdjointCompiler.generatedSourceFiles(compilation);
        for (Diagnostic<? extends JavaFileObject> d : rootCausesFirst(compilation.diagnostics())) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT);
            boolean inGenerated = d.getSource() != null && generated.stream()
                    .anyMatch(g -> g.toUri().equals(d.getSource().toUri()) || g.getName().equals(d.getSource().getName()));
            return new Outcome(inGenerated ? Kind.GENERATED_CODE_BROKEN : Kind.REFUSED, fileNameOf(d), d.getLineNumber(),
                    message, lineOf(d), compilation);
        }
        if (compilation.status() != Compilation.Status.SUCCESS) {
            return new Outcome(Kind.REFUSED, "", 0, "compilation failed without an error message", "", compilation);
        }
        boolean hasGrad = generated.stream().anyMatch(g -> g.getName().endsWith("/" + generatedClassName.replace('.', '/') + ".java"));
        return hasGrad ? new Outcome(Kind.COMPILED, "", 0, "", "", compilation)
                : new Outcome(Kind.REFUSED, "", 0, "compiled, but no " + generatedClassName + " was generated", "", compilation);
    }

    /**
     * The errors with "'f' has errors of its own" last: when a helper in another file is refused, the
     * caller's error about it may come first, but the helper's own error is the cause worth recording.
     */
    private static List<Diagnostic<? extends JavaFileObject>> rootCausesFirst(List<Diagnostic<? extends JavaFileObject>> all) {
        List<Diagnostic<? extends JavaFileObject>> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparing(d -> d.getMessage(Locale.ROOT).contains("has errors of its own")));
        return sorted;
    }

    static Outcome crashed(Throwable e) {
        return new Outcome(Kind.CRASHED, "", 0, e.toString(), "", null);
    }

    /** The simple name of the file a diagnostic is in ({@code GeoMath.java}), or "" if it has none. */
    private static String fileNameOf(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null) {
            return "";
        }
        String name = d.getSource().getName();
        return name.substring(name.lastIndexOf('/') + 1);
    }

    private static String lineOf(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null || d.getLineNumber() < 1) {
            return "";
        }
        try {
            return d.getSource().getCharContent(true).toString().lines().skip(d.getLineNumber() - 1).findFirst().orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * For "no derivative is known for 'f'": the call as the source line writes it, with its qualifier
     * ({@code FastMath.log}, {@code NormalDistribution.cumulativeDistribution}); an unqualified call
     * gets {@code ownClass}, the class of the file, whose method it most likely is.
     */
    String callee(String ownClass) {
        Matcher quoted = QUOTED.matcher(message);
        if (!message.startsWith("no derivative is known for ") || !quoted.find()) {
            return "";
        }
        String name = quoted.group(1);
        Matcher qualified = Pattern.compile("((?:[A-Za-z_$][\\w$]*\\.)*)" + Pattern.quote(name) + "\\s*\\(").matcher(sourceLine);
        String qualifier = qualified.find() ? qualified.group(1) : "";
        return (qualifier.isEmpty() ? ownClass + "." : qualifier) + name;
    }

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    /** The first line of the message up to its first ';' (the what, without the how-to-fix). */
    String messagePrefix() {
        String first = message.lines().findFirst().orElse("");
        int semicolon = first.indexOf(';');
        return (semicolon < 0 ? first : first.substring(0, semicolon)).strip();
    }

    /**
     * The refusal's cause for grouping: the message prefix with quoted names and numbers blanked, so
     * that "no derivative is known for 'log'" and "... for 'exp'" count as one cause.
     */
    String cause() {
        return withoutParenthesizedCode(messagePrefix().replaceAll("'[^']*'", "'...'"));
    }

    /** "calling a method on an object (MEAN.evaluate(values)) is ..." reads "... (...) is ...". */
    private static String withoutParenthesizedCode(String text) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '(') {
                if (depth++ == 0) {
                    out.append("(...)");
                }
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Where the refusal is, as the expected column says it: {@code line 96} in the entry's own file
     * ({@code mainFile}), {@code GeoMath.java line 96} in a helper's file.
     */
    String location(String mainFile) {
        return (file.isEmpty() || file.equals(mainFile) ? "" : file + " ") + "line " + line;
    }

    /** As the expected column of methods.tsv would say it, for an entry whose own file is {@code mainFile}. */
    String asExpected(String mainFile) {
        return switch (kind) {
            case COMPILED -> "ok";
            case REFUSED -> CorpusEntry.Expected.refused(location(mainFile), messagePrefix());
            case GENERATED_CODE_BROKEN -> "GENERATED CODE DOES NOT COMPILE (line " + line + " of the generated file): " + message;
            case CRASHED -> "CRASHED: " + message;
        };
    }
}
