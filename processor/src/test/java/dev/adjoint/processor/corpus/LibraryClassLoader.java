package dev.adjoint.processor.corpus;

import com.google.testing.compile.Compilation;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import javax.tools.JavaFileObject;

/**
 * Loads the classes of one compilation (the recompiled library class and its generated
 * {@code *Grad}) together with the rest of the library, all child-first in this one loader, so that
 * they share a runtime package: published code calls package-private helpers of its package (commons
 * numbers' facades call {@code BoostGamma}), which a class of another loader could not reach.
 * Everything else (the JDK, {@code Dual}, the runtime) comes from the parent.
 */
final class LibraryClassLoader extends ClassLoader implements AutoCloseable {

    static {
        registerAsParallelCapable();
    }

    private final Map<String, byte[]> compiled = new HashMap<>();
    private final List<JarFile> jars = new ArrayList<>();

    LibraryClassLoader(Compilation compilation, List<File> libraryJars, ClassLoader parent) {
        super("adjoint-corpus", parent);
        for (JavaFileObject file : compilation.generatedFiles()) {
            if (file.getKind() != JavaFileObject.Kind.CLASS) {
                continue;
            }
            // compile-testing names its in-memory outputs mem:///CLASS_OUTPUT/p/C$Inner.class
            String path = file.toUri().getPath().replaceFirst("^/+[^/]+/", "");
            String binaryName = path.substring(0, path.length() - ".class".length()).replace('/', '.');
            try (InputStream in = file.openInputStream()) {
                compiled.put(binaryName, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try {
            for (File jar : libraryJars) {
                jars.add(new JarFile(jar));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = bytesOf(name);
                c = bytes == null ? null : defineClass(name, bytes, 0, bytes.length);
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

    private byte[] bytesOf(String name) {
        byte[] bytes = compiled.get(name);
        if (bytes != null) {
            return bytes;
        }
        String entryName = name.replace('.', '/') + ".class";
        for (JarFile jar : jars) {
            ZipEntry entry = jar.getEntry(entryName);
            if (entry != null) {
                try (InputStream in = jar.getInputStream(entry)) {
                    return in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (JarFile jar : jars) {
            try {
                jar.close();
            } catch (IOException ignored) {
                // read-only jars: nothing to lose
            }
        }
    }
}
