package dev.adjoint.processor.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/** Calls of a compiled class's public static methods by name, for tests that compare what they throw. */
public final class StaticCalls {

    private StaticCalls() {
    }

    /** The public method {@code name} of {@code owner} (the first, for overloads). */
    public static Method method(Class<?> owner, String name) {
        return Arrays.stream(owner.getMethods()).filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(owner + " has no " + name));
    }

    /** What {@code owner.name(arguments)} returns; an exception it throws fails the test. */
    public static Object call(Class<?> owner, String name, Object... arguments) {
        try {
            return method(owner, name).invoke(null, arguments);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(owner.getSimpleName() + "." + name + " failed", e);
        }
    }

    /** What {@code owner.name(arguments)} throws; returning normally fails the test. */
    public static Throwable thrown(Class<?> owner, String name, Object... arguments) {
        try {
            method(owner, name).invoke(null, arguments);
        } catch (InvocationTargetException e) {
            return e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError(owner.getSimpleName() + "." + name + Arrays.deepToString(arguments) + " did not throw");
    }
}
