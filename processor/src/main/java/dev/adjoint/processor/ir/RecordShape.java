package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.ArrayList;
import java.util.List;

/**
 * A record parameter as the IR sees it: its components, each a leaf (a {@code double}, array,
 * {@code int}, {@code long} or {@code boolean} that the function reads as a parameter of its own) or
 * a nested record. The transforms differentiate the leaves; only the generated methods' entry points
 * know the record, to take it apart ({@link #unpack}) and to put its partials together ({@link #pack}).
 *
 * @param type the record class
 * @param components its components in declaration order, the order of its canonical constructor
 */
public record RecordShape(Type.Named type, List<Component> components) {

    public RecordShape {
        components = List.copyOf(components);
    }

    /**
     * One component: read with its accessor {@code name()}.
     *
     * @param leaf the function's parameter holding it, or null for a nested record
     * @param nested the nested record's shape, or null for a leaf
     */
    public record Component(String name, Variable leaf, RecordShape nested) {
    }

    /** Every leaf, nested records' in place, in declaration order. */
    public List<Variable> leaves() {
        List<Variable> leaves = new ArrayList<>();
        for (Component c : components) {
            if (c.leaf() != null) {
                leaves.add(c.leaf());
            } else {
                leaves.addAll(c.nested().leaves());
            }
        }
        return leaves;
    }

    /** {@code double pW = p.w();} for every leaf, reading the record {@code from}. */
    public List<Stmt> unpack(Expr from) {
        List<Stmt> declarations = new ArrayList<>();
        unpack(from, java.util.function.Function.identity(), declarations);
        return declarations;
    }

    /**
     * Declares {@code as(leaf)} for every leaf, read from the record {@code from}: {@code double pWDot =
     * pDot.w();} for tangents. A leaf {@code as} maps to null is left out.
     */
    public void unpack(Expr from, java.util.function.Function<Variable, Variable> as, List<Stmt> out) {
        for (Component c : components) {
            Type componentType = c.leaf() != null ? c.leaf().type() : c.nested().type();
            Expr read = new Expr.Invoke(from, c.name(), List.of(), componentType);
            if (c.leaf() != null) {
                Variable declared = as.apply(c.leaf());
                if (declared != null) {
                    out.add(new Stmt.Declare(declared, read, SourcePosition.NONE));
                }
            } else {
                c.nested().unpack(read, as, out);
            }
        }
    }

    /** The reads of every leaf of the record {@code from}, in {@link #leaves} order: {@code p.w()}, {@code p.inner().a()}. */
    public List<Expr> leafReads(Expr from) {
        List<Expr> reads = new ArrayList<>();
        for (Component c : components) {
            Type componentType = c.leaf() != null ? c.leaf().type() : c.nested().type();
            Expr read = new Expr.Invoke(from, c.name(), List.of(), componentType);
            if (c.leaf() != null) {
                reads.add(read);
            } else {
                reads.addAll(c.nested().leafReads(read));
            }
        }
        return reads;
    }

    /** {@code new Params(part(w), part(b))}, nested records built alike. */
    public Expr pack(java.util.function.Function<Variable, Expr> part) {
        List<Expr> arguments = new ArrayList<>();
        for (Component c : components) {
            arguments.add(c.leaf() != null ? part.apply(c.leaf()) : c.nested().pack(part));
        }
        return new Expr.New(type, arguments);
    }
}
