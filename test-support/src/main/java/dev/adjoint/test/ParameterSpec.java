package dev.adjoint.test;

import java.util.Random;
import java.util.function.Function;

/** What the builder was told about one parameter, by name: its domain, a fixed value or a generator, its sizes. */
final class ParameterSpec {
    Double lo;
    Double hi;
    Object fixed;
    boolean hasFixed;
    Function<Random, ?> generator;
    Integer length;
    Integer rows;
    Integer columns;
}
