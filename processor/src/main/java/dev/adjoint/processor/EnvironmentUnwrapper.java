package dev.adjoint.processor;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * Finds javac's own {@link ProcessingEnvironment} behind the wrappers build tools put around it:
 * Gradle's incremental processing keeps it in a {@code delegate} field, IntelliJ passes a
 * {@link Proxy} whose handler holds it. javac's Trees API accepts only the real one.
 */
final class EnvironmentUnwrapper {

    private static final String[] FIELD_NAMES = {"delegate", "processingEnv", "val$delegate"};

    private EnvironmentUnwrapper() {
    }

    /** javac's environment, or null if none is found behind {@code environment}. */
    static ProcessingEnvironment javacEnvironment(ProcessingEnvironment environment) {
        ProcessingEnvironment current = environment;
        for (int depth = 0; current != null && depth < 8; depth++) {
            if (current.getClass().getName().startsWith("com.sun.tools.javac.")) {
                return current;
            }
            current = Proxy.isProxyClass(current.getClass())
                    ? fromHandler(Proxy.getInvocationHandler(current))
                    : fromFields(current);
        }
        return null;
    }

    private static ProcessingEnvironment fromHandler(InvocationHandler handler) {
        return fromFields(handler);
    }

    private static ProcessingEnvironment fromFields(Object holder) {
        for (Class<?> type = holder.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (!ProcessingEnvironment.class.isAssignableFrom(field.getType()) && !isKnownName(field.getName())) {
                    continue;
                }
                try {
                    field.setAccessible(true);
                    Object value = field.get(holder);
                    if (value instanceof ProcessingEnvironment found && value != holder) {
                        return found;
                    }
                } catch (ReflectiveOperationException | RuntimeException e) {
                    // Not accessible (a module boundary, say): try the next field.
                }
            }
        }
        return null;
    }

    private static boolean isKnownName(String name) {
        for (String known : FIELD_NAMES) {
            if (known.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
