package dev.adjoint.processor.ir;

/** The types the IR knows: Java primitives, arrays of them, and named classes for generated code. */
public sealed interface Type permits Type.Primitive, Type.Array, Type.Named {

    Type DOUBLE = Primitive.DOUBLE;
    Type INT = Primitive.INT;
    Type LONG = Primitive.LONG;
    Type FLOAT = Primitive.FLOAT;
    Type BOOLEAN = Primitive.BOOLEAN;
    Type CHAR = Primitive.CHAR;
    Type VOID = Primitive.VOID;

    enum Primitive implements Type {
        DOUBLE("double"), INT("int"), LONG("long"), BOOLEAN("boolean"),
        /** Locals, literals and constants only, never differentiated: see {@code analyze.FloatRoundings}. */
        FLOAT("float"),
        /** A character: compared and switched on, never computed with. */
        CHAR("char"),
        /** The result of a method called for its effect only ({@code MathUtils.checkFinite(x);}). */
        VOID("void");

        private final String keyword;

        Primitive(String keyword) {
            this.keyword = keyword;
        }

        @Override
        public String toString() {
            return keyword;
        }
    }

    /** An array type such as {@code double[]} or {@code double[][]}. */
    record Array(Type element) implements Type {
        @Override
        public String toString() {
            return element + "[]";
        }
    }

    /**
     * A class referred to by generated code: {@code Dual}, a gradient record, the user's class.
     *
     * @param packageName the package, empty for the unnamed package
     * @param simpleNames the class's simple name, preceded by those of its enclosing classes
     */
    record Named(String packageName, java.util.List<String> simpleNames) implements Type {
        public Named {
            simpleNames = java.util.List.copyOf(simpleNames);
        }

        public static Named of(String packageName, String... simpleNames) {
            return new Named(packageName, java.util.List.of(simpleNames));
        }

        /** A class nested in this one. */
        public Named nested(String simpleName) {
            java.util.List<String> names = new java.util.ArrayList<>(simpleNames);
            names.add(simpleName);
            return new Named(packageName, names);
        }

        public String simpleName() {
            return simpleNames.get(simpleNames.size() - 1);
        }

        public String qualifiedName() {
            String nested = String.join(".", simpleNames);
            return packageName.isEmpty() ? nested : packageName + "." + nested;
        }

        @Override
        public String toString() {
            return qualifiedName();
        }
    }

    Array DOUBLE_ARRAY = new Array(DOUBLE);
    Array DOUBLE_MATRIX = new Array(DOUBLE_ARRAY);

    /** {@code java.lang.String}: a thrown exception's message, or a value compared and switched on. */
    Named STRING = Named.of("java.lang", "String");

    /** {@code java.lang.Object}: what the object tape of a method split into parts holds. */
    Named OBJECT = Named.of("java.lang", "Object");

    default boolean isDouble() {
        return this == DOUBLE;
    }

    /** {@code double}, {@code double[]} or {@code double[][]}: a type derivatives are taken with respect to. */
    default boolean isDifferentiable() {
        return this == DOUBLE || this.equals(DOUBLE_ARRAY) || this.equals(DOUBLE_MATRIX);
    }

    /** The innermost element type of an array type, or the type itself. */
    default Type scalar() {
        return this instanceof Array array ? array.element().scalar() : this;
    }

    /** int and long: exact, so never differentiable. */
    default boolean isIntegral() {
        return this == INT || this == LONG;
    }

    default boolean isNumeric() {
        return isDouble() || this == FLOAT || isIntegral();
    }

    /** The result type of a binary arithmetic operation under Java's numeric promotion. */
    static Type promote(Type left, Type right) {
        if (left == DOUBLE || right == DOUBLE) {
            return DOUBLE;
        }
        if (left == FLOAT || right == FLOAT) {
            return FLOAT;
        }
        if (left == LONG || right == LONG) {
            return LONG;
        }
        return INT;
    }
}
