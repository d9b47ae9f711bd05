package dev.adjoint.processor.testing;

import com.google.testing.compile.Compilation;
import java.util.Set;
import javax.tools.JavaFileObject;

/** A successful compilation: its generated sources and a class loader over all its classes. */
public final class Compiled {

    private final Compilation compilation;
    private final GeneratedClassLoader loader;

    Compiled(Compilation compilation, GeneratedClassLoader loader) {
        this.compilation = compilation;
        this.loader = loader;
    }

    public Compilation compilation() {
        return compilation;
    }

    public ClassLoader classLoader() {
        return loader;
    }

    /** Binary names of every class the compilation produced (user and generated). */
    public Set<String> classNames() {
        return loader.classNames();
    }

    /** Loads a class by binary name ({@code p.Outer$Inner}); fails with the compilation's details. */
    public Class<?> load(String binaryName) {
        try {
            return Class.forName(binaryName, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AssertionError("cannot load " + binaryName + " (compiled classes: " + classNames() + ")\n"
                    + AdjointCompiler.describe(compilation), e);
        }
    }

    /**
     * The binary name of the class generated for a user class: {@code p.C -> p.CGrad},
     * {@code p.Outer$Inner -> p.Outer_InnerGrad}.
     */
    public static String gradNameFor(String userBinaryName) {
        int dot = userBinaryName.lastIndexOf('.');
        String pkg = dot < 0 ? "" : userBinaryName.substring(0, dot + 1);
        return pkg + userBinaryName.substring(dot + 1).replace('$', '_') + "Grad";
    }

    /** The generated class for a user class (see {@link #gradNameFor}). */
    public Class<?> gradClassFor(String userBinaryName) {
        return load(gradNameFor(userBinaryName));
    }

    /** A gradient checker for a user class (binary name) and its generated class. */
    public GradientChecker checker(String userBinaryName) {
        return new GradientChecker(load(userBinaryName), gradClassFor(userBinaryName));
    }

    /** The text of a generated source file, by the qualified name of its top-level type. */
    public String generatedSource(String qualifiedName) {
        JavaFileObject file = compilation.generatedSourceFile(qualifiedName)
                .orElseThrow(() -> new AssertionError("no generated source for " + qualifiedName + "\n"
                        + AdjointCompiler.describe(compilation)));
        return AdjointCompiler.textOf(file);
    }

    /**
     * The text of one method of a generated source file, from its name to its closing brace (methods
     * of the generated classes are members of a top-level class, indented by four spaces).
     */
    public String generatedMethod(String qualifiedName, String method) {
        String source = generatedSource(qualifiedName);
        int start = source.indexOf(" " + method + "(");
        if (start < 0) {
            throw new AssertionError("no method " + method + " in\n" + source);
        }
        return source.substring(start, source.indexOf("\n    }\n", start));
    }

    /** Every diagnostic and generated source, for failure messages. */
    public String describe() {
        return AdjointCompiler.describe(compilation);
    }
}
