package dev.adjoint.processor.corpus;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The published jars of the corpus libraries, found on the test class path (where the processor's
 * pom puts them as test dependencies, binary and {@code sources} classifier), by their Maven file
 * names {@code artifactId-version.jar} and {@code artifactId-version-sources.jar}. No local
 * repository layout is assumed: every jar of the class path is seen through the class loader's
 * manifests (which works whether or not Surefire hides the class path behind a manifest-only jar)
 * and through {@code java.class.path}.
 */
final class LibraryJars {

    private final List<File> jars;

    private LibraryJars(List<File> jars) {
        this.jars = jars;
    }

    /** Every jar visible to the test class loader. */
    static LibraryJars onTestClassPath() {
        Set<File> found = new LinkedHashSet<>();
        try {
            Enumeration<URL> manifests = LibraryJars.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                File jar = jarOf(manifests.nextElement());
                if (jar != null) {
                    found.add(jar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                found.add(new File(entry).getAbsoluteFile());
            }
        }
        return new LibraryJars(new ArrayList<>(found));
    }

    /** The binary jar of {@code groupId:artifactId:version}. */
    File binary(String coordinates) {
        return find(coordinates, "");
    }

    /** The {@code sources} jar of {@code groupId:artifactId:version}. */
    File sources(String coordinates) {
        return find(coordinates, "-sources");
    }

    /** The text of a source file ({@code org/x/Y.java}) in the sources jar of the artifact. */
    String sourceText(String coordinates, String path) {
        File jar = sources(coordinates);
        try (JarFile file = new JarFile(jar)) {
            ZipEntry entry = file.getEntry(path);
            if (entry == null) {
                throw new AssertionError("no " + path + " in " + jar);
            }
            try (InputStream in = file.getInputStream(entry)) {
                return new String(in.readAllBytes(), UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private File find(String coordinates, String classifierSuffix) {
        String[] gav = coordinates.split(":");
        if (gav.length != 3) {
            throw new IllegalArgumentException("not groupId:artifactId:version: " + coordinates);
        }
        String name = gav[1] + "-" + gav[2] + classifierSuffix + ".jar";
        for (File jar : jars) {
            if (jar.getName().equals(name) && jar.isFile()) {
                return jar;
            }
        }
        throw new AssertionError(name + " is not on the test class path: declare " + coordinates
                + (classifierSuffix.isEmpty() ? "" : " (classifier sources)") + " as a test dependency of the processor");
    }

    private static File jarOf(URL resource) {
        if (!"jar".equals(resource.getProtocol())) {
            return null;
        }
        String spec = resource.getFile();
        int bang = spec.indexOf("!/");
        if (bang < 0) {
            return null;
        }
        try {
            return new File(new URI(spec.substring(0, bang))).getAbsoluteFile();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
