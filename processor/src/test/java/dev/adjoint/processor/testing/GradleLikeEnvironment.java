package dev.adjoint.processor.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;

/**
 * A processing environment wrapped the way Gradle's incremental processing wraps javac's: every call
 * forwarded to the real environment, kept in a field named {@code delegate} (where Adjoint looks for
 * it), and a {@link Filer} that checks Gradle's contract for isolating processors as files are written.
 */
public final class GradleLikeEnvironment implements ProcessingEnvironment {

    @SuppressWarnings("unused") // read by the processor through reflection, like Gradle's field of this name
    private final ProcessingEnvironment delegate;
    private final RecordingFiler filer;

    public GradleLikeEnvironment(ProcessingEnvironment delegate) {
        this.delegate = delegate;
        this.filer = new RecordingFiler(delegate.getFiler());
    }

    public RecordingFiler filer() {
        return filer;
    }

    @Override
    public Map<String, String> getOptions() {
        return delegate.getOptions();
    }

    @Override
    public Messager getMessager() {
        return delegate.getMessager();
    }

    @Override
    public Filer getFiler() {
        return filer;
    }

    @Override
    public Elements getElementUtils() {
        return delegate.getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
        return delegate.getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
        return delegate.getSourceVersion();
    }

    @Override
    public Locale getLocale() {
        return delegate.getLocale();
    }

    @Override
    public boolean isPreviewEnabled() {
        return delegate.isPreviewEnabled();
    }

    /**
     * Forwards to javac's {@link Filer} and records what Gradle's isolating mode demands: each written
     * file has exactly one originating element, a class, and no resource is read.
     */
    public static final class RecordingFiler implements Filer {
        private final Filer delegate;
        private final Map<String, String> sources = Collections.synchronizedMap(new TreeMap<>());
        private final List<String> violations = Collections.synchronizedList(new ArrayList<>());

        RecordingFiler(Filer delegate) {
            this.delegate = delegate;
        }

        /** Generated source name to the qualified name of its originating class. */
        public Map<String, String> sources() {
            return sources;
        }

        /** Every breach of the isolating contract seen. */
        public List<String> violations() {
            return violations;
        }

        @Override
        public JavaFileObject createSourceFile(CharSequence name, Element... originatingElements) throws IOException {
            record("source " + name, originatingElements);
            if (originatingElements.length == 1 && originatingElements[0] instanceof TypeElement type) {
                sources.put(name.toString(), type.getQualifiedName().toString());
            }
            return delegate.createSourceFile(name, originatingElements);
        }

        @Override
        public JavaFileObject createClassFile(CharSequence name, Element... originatingElements) throws IOException {
            record("class " + name, originatingElements);
            return delegate.createClassFile(name, originatingElements);
        }

        @Override
        public FileObject createResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
                CharSequence relativeName, Element... originatingElements) throws IOException {
            record("resource " + relativeName, originatingElements);
            return delegate.createResource(location, moduleAndPkg, relativeName, originatingElements);
        }

        @Override
        public FileObject getResource(JavaFileManager.Location location, CharSequence moduleAndPkg,
                CharSequence relativeName) throws IOException {
            violations.add("isolating processors may not read resources: " + relativeName);
            return delegate.getResource(location, moduleAndPkg, relativeName);
        }

        private void record(String what, Element[] originatingElements) {
            if (originatingElements.length != 1) {
                violations.add(what + " has " + originatingElements.length + " originating elements");
            } else if (!(originatingElements[0] instanceof TypeElement)) {
                violations.add(what + " originates from " + originatingElements[0] + ", not a class");
            }
        }
    }
}
