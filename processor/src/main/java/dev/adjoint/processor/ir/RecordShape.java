package dev.adjoint.processor.ir;

import dev.adjoint.processor.diagnostics.SourcePosition;
import java.util.ArrayList;
import java.util.List;

/**
 * A value class parameter as the IR sees it: a record, or a record-like final class (final fields,
 * a constructor storing each from a parameter of its own). Its components are each a leaf (a
 * {@code double}, array, {@code int}, {@code long} or {@code boolean} that the function reads as a
 * parameter of its own) or a nested value class. The transforms differentiate the leaves; only the
 * generated methods' entry points know the object, to take it apart ({@link #unpack}) and to put its
 * partials together ({@link #pack}).
 *
 * @param type the record or class
 * @param components its components in the order of the constructor that builds one from them (a
 *     record's canonical constructor: declaration order)
 */
public record RecordShape(Type.Named type, List<Component> components) {

    public RecordShape {
        components = List.copyOf(components);
    }

    /**
     * One component: a record's, read with its accessor {@code name()}; a class's field, read with the
     * getter proved to return it as is, or as the field itself when there is none.
     *
     * @param name the component's (or field's) name
     * @param getter the method returning it ({@code name} for a record), or null to read the field
     * @param leaf the function's parameter holding it, or null for a nested value class
     * @param nested the nested value class's shape, or null for a leaf
     */
    public record Component(String name, String getter, Variable leaf, RecordShape nested) {

        /** A record's component, read with its accessor. */
        public Component(String name, Variable leaf, RecordShape nested) {
            this(name, name, leaf, nested);
        }

        /** The same component holding {@code leaf} instead. */
        public Component withLeaf(Variable otherLeaf) {
            return new Component(name, getter, otherLeaf, null);
        }

        /** The same component holding {@code nested} instead. */
        public Component withNested(RecordShape otherNested) {
            return new Component(name, getter, null, otherNested);
        }

        /** Its type: the leaf's, or the nested value class. */
        public Type type() {
            return leaf != null ? leaf.type() : nested.type();
        }

        /** Its read from {@code from}: {@code from.mu()}, {@code from.getMu()} or the field {@code from.mu}. */
        public Expr readFrom(Expr from) {
            return getter != null ? new Expr.Invoke(from, getter, List.of(), type()) : Expr.Invoke.field(from, name, type());
        }

        /** What follows the object in its read, as source: {@code .mu()} or {@code .mu}. */
        public String readSuffix() {
            return getter != null ? "." + getter + "()" : "." + name;
        }
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
            Expr read = c.readFrom(from);
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
            Expr read = c.readFrom(from);
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
