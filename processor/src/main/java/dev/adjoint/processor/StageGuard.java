package dev.adjoint.processor;

import dev.adjoint.processor.diagnostics.Message;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The one place where a step of the stages is run on one method (or on the round's rules) so that
 * nothing it throws reaches javac and one method's failure never stops the others: a
 * {@link MethodRejected} is handed on as it is, any other failure as an internal error.
 */
final class StageGuard {

    /** A step that gives its result, or nothing when it has already reported why, or rejects the method. */
    @FunctionalInterface
    interface Step<T> {
        Optional<T> run() throws MethodRejected;
    }

    private StageGuard() {
    }

    /**
     * Runs {@code step}. When it rejects the method or fails, {@code onRejection} gets the reason (an
     * internal error names {@code subject}) and the result is empty.
     */
    static <T> Optional<T> attempt(String subject, Step<T> step, Consumer<MethodRejected> onRejection) {
        try {
            return step.run();
        } catch (MethodRejected rejected) {
            onRejection.accept(rejected);
        } catch (RuntimeException | StackOverflowError e) {
            onRejection.accept(new MethodRejected(Message.INTERNAL_ERROR, subject, e.toString()));
        }
        return Optional.empty();
    }
}
