package dev.adjoint.processor.ir;

/** Java's prefix operators on values (increments are statements in the IR). */
public enum UnaryOp {
    NEG("-"), PLUS("+"), NOT("!"),
    /** {@code ~}, on int and long. */
    BIT_NOT("~");

    private final String symbol;

    UnaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}
