package dev.adjoint.processor.corpus;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Puts {@code @dev.adjoint.Differentiable} in front of chosen methods of a published source file and
 * changes nothing else: the annotation goes on the line where the declaration starts, just before its
 * first modifier, so that every line number of the file stays what it is in the library (a refusal's
 * line can be looked up in the published source).
 *
 * <p>Methods are found with javac's own parser, by the simple names of their enclosing classes within
 * the file and their parameter types as written ({@code Outer.Inner.f(double,int[])}; C-style
 * {@code double p[]} reads as {@code double[]}), so overloads, multi-line signatures and comments are
 * no trouble.
 */
final class MethodAnnotator {

    static final String ANNOTATION = "@dev.adjoint.Differentiable ";

    /** A method declaration found in the file. */
    record Declaration(MethodSpec spec, int insertAt, long line, String returnType, List<String> parameterNames) {
    }

    private MethodAnnotator() {
    }

    /** The file's text with the annotation in front of every method of {@code specs}. */
    static String annotate(String source, List<MethodSpec> specs) {
        Map<Integer, Declaration> byPosition = new TreeMap<>();
        for (MethodSpec spec : specs) {
            Declaration d = find(source, spec);
            byPosition.put(d.insertAt(), d);
        }
        StringBuilder out = new StringBuilder(source);
        List<Integer> positions = new ArrayList<>(byPosition.keySet());
        for (int i = positions.size() - 1; i >= 0; i--) {
            out.insert(positions.get(i).intValue(), ANNOTATION);
        }
        String annotated = out.toString();
        // The promise of the corpus: the annotation and nothing else, on lines that keep their numbers.
        if (byPosition.size() != specs.size() || !annotated.replace(ANNOTATION, "").equals(source)
                || annotated.lines().count() != source.lines().count()) {
            throw new AssertionError("annotating " + specs + " changed more than the annotations");
        }
        return annotated;
    }

    /** The declaration of one method, or an AssertionError listing the file's methods of that name. */
    static Declaration find(String source, MethodSpec spec) {
        List<Declaration> all = declarations(source);
        for (Declaration d : all) {
            if (d.spec().equals(spec)) {
                return d;
            }
        }
        throw new AssertionError("no method " + spec + " in the source; methods of that name: "
                + all.stream().map(Declaration::spec).filter(s -> s.method().equals(spec.method()))
                        .map(MethodSpec::toString).collect(Collectors.joining(", ")));
    }

    /** Every method declaration of the file, with its place. */
    static List<Declaration> declarations(String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        SimpleJavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Published.java"),
                SimpleJavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) javac.getTask(null, null, d -> { }, List.of("-proc:none"), null, List.of(file));
        CompilationUnitTree unit;
        try {
            unit = task.parse().iterator().next();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SourcePositions positions = Trees.instance(task).getSourcePositions();
        List<Declaration> found = new ArrayList<>();
        new TreePathScanner<Void, Void>() {
            private final Deque<String> classes = new ArrayDeque<>();

            @Override
            public Void visitClass(ClassTree node, Void unused) {
                classes.addLast(node.getSimpleName().toString());
                try {
                    return super.visitClass(node, unused);
                } finally {
                    classes.removeLast();
                }
            }

            @Override
            public Void visitMethod(MethodTree node, Void unused) {
                if (node.getReturnType() != null && !classes.isEmpty()) {
                    List<String> types = new ArrayList<>();
                    List<String> names = new ArrayList<>();
                    for (VariableTree p : node.getParameters()) {
                        types.add(p.getType().toString().replace(" ", ""));
                        names.add(p.getName().toString());
                    }
                    long start = positions.getStartPosition(unit, node);
                    long modifiers = positions.getStartPosition(unit, node.getModifiers());
                    int insertAt = (int) (modifiers >= 0 ? Math.min(modifiers, start) : start);
                    found.add(new Declaration(new MethodSpec(String.join(".", classes), node.getName().toString(), types),
                            insertAt, unit.getLineMap().getLineNumber(insertAt), node.getReturnType().toString(), names));
                }
                return null; // local and anonymous classes inside bodies are not candidates
            }
        }.scan(unit, null);
        return found;
    }
}
