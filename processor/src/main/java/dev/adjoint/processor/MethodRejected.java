package dev.adjoint.processor;

import dev.adjoint.processor.diagnostics.Message;

/**
 * A stage gives up on one method, for a reason the user can act on: {@link #message()} with its
 * arguments. Caught in one place, {@link StageGuard}, which turns it into that method's error; any other
 * exception from a stage is a fault of the processor and is reported as an internal error, so a bug
 * can never pass for a reason in the user's code.
 */
final class MethodRejected extends Exception {

    private static final long serialVersionUID = 1L;

    private final Message message;
    private final transient Object[] arguments;

    MethodRejected(Message message, Object... arguments) {
        // No stack trace: this is an answer about the user's method, not a fault to debug.
        super(message.name(), null, false, false);
        this.message = message;
        this.arguments = arguments.clone();
    }

    Message message() {
        return message;
    }

    Object[] arguments() {
        return arguments.clone();
    }
}
