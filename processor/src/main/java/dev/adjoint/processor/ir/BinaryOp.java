package dev.adjoint.processor.ir;

/** Java's binary operators that the IR supports, with their precedence for printing. */
public enum BinaryOp {
    MUL("*", 12), DIV("/", 12), REM("%", 12),
    ADD("+", 11), SUB("-", 11),
    SHL("<<", 10), SHR(">>", 10), USHR(">>>", 10),
    LT("<", 9), LE("<=", 9), GT(">", 9), GE(">=", 9),
    EQ("==", 8), NE("!=", 8),
    /** {@code &}, {@code ^} and {@code |}: on int and long bit by bit, on booleans without short circuit. */
    BIT_AND("&", 7), BIT_XOR("^", 6), BIT_OR("|", 5),
    AND("&&", 4), OR("||", 3);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    public boolean isArithmetic() {
        return precedence >= 11;
    }

    /** {@code << >> >>>}: integer operands; the result has the left operand's type. */
    public boolean isShift() {
        return precedence == 10;
    }

    /** {@code & ^ |}: both operands integers or both booleans. */
    public boolean isBitwise() {
        return this == BIT_AND || this == BIT_XOR || this == BIT_OR;
    }

    public boolean isComparison() {
        return precedence == 9 || precedence == 8;
    }

    public boolean isLogical() {
        return this == AND || this == OR;
    }

    /** Whether Java has a compound assignment {@code v op= e} for this operator. */
    public boolean hasCompoundAssignment() {
        return isArithmetic() || isShift() || isBitwise();
    }

    /** Whether {@code a op (b op c)} equals {@code (a op b) op c}, so the right operand needs no parentheses. */
    public boolean isAssociative() {
        return this == ADD || this == MUL || this == AND || this == OR || isBitwise();
    }
}
