package dev.adjoint.processor.emit;

import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.MethodDef;
import dev.adjoint.processor.ir.StatementWalker;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * Gives every variable of a generated method a unique Java name. Parameters keep theirs, then the
 * user's locals are named before generated ones, so the user's names survive and a clash renames
 * the generated variable ({@code t}, {@code t2}, {@code t3}).
 */
final class Names {

    private final Map<Variable, String> names = new IdentityHashMap<>();
    private final Set<String> used = new HashSet<>();
    private final Map<String, Integer> nextNumber = new HashMap<>();

    static Names of(MethodDef method) {
        Names result = new Names();
        Set<Variable> seen = new LinkedHashSet<>(method.parameters());
        collect(method.body(), seen);
        // A statement a comment quotes reads variables the code around it names; any other comes last.
        StatementWalker.forEachStatement(method.body(), s -> {
            if (s instanceof Stmt.Comment comment && comment.quoted() != null) {
                collect(comment.quoted(), seen);
            }
        });
        List<Variable> ordered = new ArrayList<>(seen);
        ordered.stream().filter(v -> v.origin() != Variable.Origin.GENERATED).forEach(result::allocate);
        ordered.stream().filter(v -> v.origin() == Variable.Origin.GENERATED).forEach(result::allocate);
        return result;
    }

    /**
     * Adds the variables of {@code body} in the order they first appear: a statement's own (the
     * variable it declares or assigns, then those its expressions read) before its nested statements'.
     */
    private static void collect(Stmt body, Set<Variable> seen) {
        StatementWalker.forEachStatement(body, s -> {
            if (s instanceof Stmt.Declare d) {
                seen.add(d.variable());
            } else if (s instanceof Stmt.Assign a) {
                seen.add(a.variable());
            }
            for (Expr e : StatementWalker.ownExpressions(s)) {
                StatementWalker.addVariables(e, seen);
            }
        });
    }

    private void allocate(Variable v) {
        String base = v.name();
        String name = base;
        // Numbering resumes where the base's last name stopped: hundreds of "t"s stay linear.
        int n = nextNumber.getOrDefault(base, 2);
        while (used.contains(name) || !SourceVersion.isName(name)) {
            name = base + n++;
        }
        nextNumber.put(base, n);
        used.add(name);
        names.put(v, name);
    }

    String of(Variable v) {
        String name = names.get(v);
        if (name == null) {
            throw new IllegalStateException("no name for " + v);
        }
        return name;
    }
}
