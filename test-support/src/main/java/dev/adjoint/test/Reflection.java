package dev.adjoint.test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/** Calls of the methods under check and reads of their records, with the errors a test can act on. */
final class Reflection {

    private Reflection() {
    }

    /** Calls the static method {@code m}; what it throws is rethrown as it is, unwrapped. */
    static Object invoke(Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot call " + m + ": " + e.getMessage()
                    + " (open the package to dev.adjoint.test, or make the class public)", e);
        }
    }

    /** Calls the instance method {@code m} on {@code receiver}; what it throws is rethrown as it is, unwrapped. */
    static Object invokeOn(Method m, Object receiver, Object[] args) throws Throwable {
        try {
            return m.invoke(receiver, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } catch (IllegalAccessException e) {
            throw new AssertionError("cannot call " + m + ": " + e.getMessage()
                    + " (open the package to dev.adjoint.test, or make the record public)", e);
        }
    }

    /** The value of {@code accessor} (a record component's) on {@code record}. */
    static Object access(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot read " + accessor + ": " + e, e);
        }
    }
}
