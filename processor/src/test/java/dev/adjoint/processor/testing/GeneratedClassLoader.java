package dev.adjoint.processor.testing;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.tools.JavaFileObject;

/**
 * Loads every class file of a {@link Compilation} (the user's classes and the generated ones) from
 * memory; everything else (the JDK, {@code Dual}, {@code Differentiable}) comes from the parent.
 * Classes of the compilation are loaded child-first so that a user class never resolves to a
 * same-named class of the test classpath.
 */
final class GeneratedClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> classes = new HashMap<>();

    GeneratedClassLoader(Compilation compilation, ClassLoader parent) {
        super("adjoint-test-compilation", parent);
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            // compile-testing names its in-memory outputs mem:///CLASS_OUTPUT/p/C$Inner.class
            String path = file.toUri().getPath();
            String withoutLocation = path.replaceFirst("^/+[^/]+/", "");
            String binaryName = withoutLocation.substring(0, withoutLocation.length() - ".class".length())
                    .replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                classes.put(binaryName, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The binary names of all classes this compilation produced. */
    Set<String> classNames() {
        return new TreeSet<>(classes.keySet());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null && classes.containsKey(name)) {
                c = findClass(name);
            }
            if (c == null) {
                return super.loadClass(name, resolve);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] bytes = classes.get(name);
        if (bytes == null) {
            throw new ClassNotFoundException(name + " (compiled classes: " + classNames() + ")");
        }
        return defineClass(name, bytes, 0, bytes.length);
    }
}
