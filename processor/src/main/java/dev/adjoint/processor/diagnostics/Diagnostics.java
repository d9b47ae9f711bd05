package dev.adjoint.processor.diagnostics;

import com.sun.source.util.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.annotation.processing.Messager;
import javax.tools.Diagnostic;

/**
 * Collects the errors found while processing one method, and reports them on the exact tree
 * (falling back to the method's element when a position is unknown).
 */
public final class Diagnostics {

    private record Entry(SourcePosition position, String text) {
    }

    private final List<Entry> errors = new ArrayList<>();

    /**
     * Collects an error, once: code read twice (a switch case that later cases fall into is read again
     * for each) reports the same error on the same tree once.
     */
    public void error(SourcePosition position, Message message, Object... arguments) {
        Entry entry = new Entry(position, message.format(arguments));
        if (errors.stream().noneMatch(e -> e.text().equals(entry.text()) && sameTree(e.position(), entry.position()))) {
            errors.add(entry);
        }
    }

    private static boolean sameTree(SourcePosition a, SourcePosition b) {
        if (a instanceof TreePosition first && b instanceof TreePosition second) {
            return first.path().getLeaf() == second.path().getLeaf()
                    && first.path().getCompilationUnit() == second.path().getCompilationUnit();
        }
        return false;
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    public int count() {
        return errors.size();
    }

    /**
     * The first error as one line of text, {@code "line 12: ..."} (its line in its own file), to be
     * quoted in an error elsewhere: a private helper's error, quoted on the line that calls it.
     */
    public Optional<String> firstError(Trees trees) {
        if (errors.isEmpty()) {
            return Optional.empty();
        }
        Entry first = errors.get(0);
        String line = first.position() instanceof TreePosition tree ? "line " + tree.line(trees) + ": " : "";
        return Optional.of(line + first.text());
    }

    /** Prints every collected error through javac. */
    public void report(Trees trees, Messager messager, Element fallback) {
        for (Entry entry : errors) {
            if (entry.position() instanceof TreePosition tree) {
                var path = tree.path();
                trees.printMessage(Diagnostic.Kind.ERROR, entry.text(), path.getLeaf(), path.getCompilationUnit());
            } else {
                messager.printMessage(Diagnostic.Kind.ERROR, entry.text(), fallback);
            }
        }
    }

    /**
     * Prints one error that belongs to no tree of the user's (the build environment, a file being
     * written) at once: on {@code element}, or on none when it is null.
     */
    public static void printError(Messager messager, Element element, Message message, Object... arguments) {
        if (element == null) {
            messager.printMessage(Diagnostic.Kind.ERROR, message.format(arguments));
        } else {
            messager.printMessage(Diagnostic.Kind.ERROR, message.format(arguments), element);
        }
    }
}
