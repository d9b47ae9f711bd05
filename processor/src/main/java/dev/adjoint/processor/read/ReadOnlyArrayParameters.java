package dev.adjoint.processor.read;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Whether a static method of this compilation provably never writes into an array passed to one of its
 * parameters, nor lets that array escape to where something else could: an argument check such as
 * {@code checkEqualLength(double[] a, double[] b)} that only reads {@code a.length}. Such a method may be
 * called for its effect with a differentiable method's arrays: nothing it does can change a value the
 * derivatives read.
 *
 * <p>The proof reads the method's source, so only methods compiled together with the caller qualify (a
 * compiled class's body is out of sight). It is syntactic and deliberately narrow: a one-dimensional
 * array parameter may be read by index ({@code a[i]} not assigned, incremented or compound-assigned),
 * asked its {@code length}, compared ({@code a == null}), tested with {@code instanceof}, seen through a
 * cast to a primitive array, and passed on to a parameter that is itself proven read-only or to a known
 * null check. Anything else — assigning the array anywhere, returning it, a local of the same name, a
 * lambda or a class in the body, a multi-dimensional array — fails the proof, and the caller's
 * statement stays an error.
 */
final class ReadOnlyArrayParameters {

    private final Trees trees;
    /** A name resolver for a class of the compilation, in its file. */
    private final BiFunction<TypeElement, CompilationUnitTree, SymbolResolver> resolvers;
    /** Proofs done, and those in progress (true until refuted): recursion between checks proves itself. */
    private final Map<Key, Boolean> proofs = new HashMap<>();

    ReadOnlyArrayParameters(Trees trees, BiFunction<TypeElement, CompilationUnitTree, SymbolResolver> resolvers) {
        this.trees = trees;
        this.resolvers = resolvers;
    }

    private record Key(ExecutableElement method, int parameter) {
    }

    private static boolean primitiveArray(TypeMirror type) {
        return type instanceof ArrayType array && array.getComponentType().getKind().isPrimitive();
    }

    /** Whether a parameter of this type takes an array as a plain reference ({@code Object}, a type variable). */
    static boolean isReference(TypeMirror type) {
        return type.getKind() == TypeKind.DECLARED || type.getKind() == TypeKind.TYPEVAR;
    }

    /**
     * Checks that only test their argument against {@code null}, known by name as {@code FastMath} is:
     * compiled classes, whose bodies are out of sight, and which may be given an array as an
     * {@code Object}. Any other compiled method given an array may write into it
     * ({@code java.lang.reflect.Array.setDouble}, {@code System.arraycopy}).
     */
    private static final Set<String> NULL_CHECKS = Set.of(
            "java.util.Objects.requireNonNull",
            "org.apache.commons.math3.util.MathUtils.checkNotNull",
            "org.hipparchus.util.MathUtils.checkNotNull");

    /**
     * Whether {@code method}, given an array at parameter {@code index} (of its type, or as a reference
     * type), provably never writes into it nor lets it escape: a known null check, or a method compiled
     * with this one whose source shows it (see the class comment).
     */
    boolean readsOnly(ExecutableElement method, int index) {
        if (method.isVarArgs()) {
            return false;
        }
        String qualified = ((TypeElement) method.getEnclosingElement()).getQualifiedName() + "." + method.getSimpleName();
        return NULL_CHECKS.contains(qualified) && isReference(method.getParameters().get(index).asType())
                || proven(method, index);
    }

    /**
     * Whether {@code method} provably only reads the array given to its parameter {@code index}. While a
     * proof runs it is assumed to hold, so that checks calling each other prove themselves; if it fails,
     * every proof that succeeded meanwhile may have rested on that assumption and is forgotten.
     */
    private boolean proven(ExecutableElement method, int index) {
        Key key = new Key(method, index);
        Boolean known = proofs.get(key);
        if (known != null) {
            return known;
        }
        Set<Key> before = Set.copyOf(proofs.keySet());
        proofs.put(key, true);
        boolean proven = prove(method, index);
        if (!proven) {
            proofs.entrySet().removeIf(e -> e.getValue() && !before.contains(e.getKey()));
        }
        proofs.put(key, proven);
        return proven;
    }

    private boolean prove(ExecutableElement method, int index) {
        TypeMirror type = method.getParameters().get(index).asType();
        if (!primitiveArray(type) && !isReference(type)) {
            return false;
        }
        TreePath path = trees.getPath(method);
        if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
            return false;
        }
        String name = method.getParameters().get(index).getSimpleName().toString();
        UsesChecker checker = new UsesChecker(name, type,
                resolvers.apply((TypeElement) method.getEnclosingElement(), path.getCompilationUnit()));
        checker.scan(new TreePath(path, tree.getBody()), null);
        return checker.readOnly;
    }

    /** Walks a body and refutes the proof at the first use of the array that is not a plain read. */
    private final class UsesChecker extends TreePathScanner<Void, Void> {

        private final String name;
        private final TypeMirror type;
        /** Resolves names as the checked method's own file does. */
        private final SymbolResolver symbols;
        private boolean readOnly = true;

        UsesChecker(String name, TypeMirror type, SymbolResolver symbols) {
            this.name = name;
            this.type = type;
            this.symbols = symbols;
        }

        @Override
        public Void scan(Tree tree, Void unused) {
            return readOnly ? super.scan(tree, unused) : null;
        }

        @Override
        public Void visitVariable(VariableTree node, Void unused) {
            if (node.getName().contentEquals(name)) {
                readOnly = false; // a local shadows the parameter: too clever to follow
            }
            return super.visitVariable(node, unused);
        }

        @Override
        public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
            readOnly = false;
            return null;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            readOnly = false;
            return null;
        }

        @Override
        public Void visitIdentifier(IdentifierTree node, Void unused) {
            if (node.getName().contentEquals(name) && !harmless(getCurrentPath())) {
                readOnly = false;
            }
            return null;
        }

        /**
         * Whether this use of the array (an identifier naming it) only reads it. Parentheses, and a cast
         * to a one-dimensional primitive array ({@code (double[]) data} of an {@code Object} parameter),
         * are seen through: what counts is what is done with the array.
         */
        private boolean harmless(TreePath use) {
            TreePath at = use;
            TypeMirror seenAs = type;
            while (at.getParentPath().getLeaf() instanceof ParenthesizedTree
                    || at.getParentPath().getLeaf() instanceof TypeCastTree) {
                at = at.getParentPath();
                if (at.getLeaf() instanceof TypeCastTree cast) {
                    if (!(cast.getType() instanceof ArrayTypeTree array)
                            || !(array.getType() instanceof PrimitiveTypeTree)) {
                        return false;
                    }
                    seenAs = null; // a primitive array now, of a type only the cast's text names
                }
            }
            Tree parent = at.getParentPath().getLeaf();
            Tree self = at.getLeaf();
            if (parent instanceof InstanceOfTree) {
                return true;
            }
            if (parent instanceof EnhancedForLoopTree loop) {
                return loop.getExpression() == self; // the loop variable gets copies of the elements
            }
            if (parent instanceof ArrayAccessTree access) {
                return access.getExpression() != self || ElementWrites.writeOf(at.getParentPath()).isEmpty();
            }
            if (parent instanceof MemberSelectTree select) {
                return select.getIdentifier().contentEquals("length");
            }
            if (parent instanceof BinaryTree binary) {
                return binary.getKind() == Tree.Kind.EQUAL_TO || binary.getKind() == Tree.Kind.NOT_EQUAL_TO;
            }
            if (parent instanceof MethodInvocationTree call) {
                int position = call.getArguments().indexOf(self);
                return position >= 0 && seenAs != null && passedOnReadOnly(call, position, seenAs);
            }
            return false;
        }

        /**
         * Passing the array on: every method the call may mean (by name and arity, and able to take the
         * array there; bodies are not attributed) only reads it (see {@link #readsOnly}).
         */
        private boolean passedOnReadOnly(MethodInvocationTree call, int position, TypeMirror passed) {
            Optional<List<ExecutableElement>> candidates = candidates(call);
            if (candidates.isEmpty()) {
                return false;
            }
            boolean any = false;
            for (ExecutableElement candidate : candidates.get()) {
                TypeMirror declared = candidate.getParameters().get(position).asType();
                if (!isReference(declared) && !declared.toString().equals(passed.toString())) {
                    continue; // an overload for another type: not what this call means
                }
                any = true;
                if (!readsOnly(candidate, position)) {
                    return false;
                }
            }
            return any;
        }

        private Optional<List<ExecutableElement>> candidates(MethodInvocationTree call) {
            List<ExecutableElement> named;
            if (call.getMethodSelect() instanceof IdentifierTree id) {
                named = symbols.unqualifiedMethods(id.getName().toString());
            } else if (call.getMethodSelect() instanceof MemberSelectTree select) {
                Optional<TypeElement> qualifier = symbols.findClass(select.getExpression().toString());
                if (qualifier.isEmpty()) {
                    return Optional.empty(); // a call on an object
                }
                named = symbols.methods(qualifier.get(), select.getIdentifier().toString());
            } else {
                return Optional.empty();
            }
            return Optional.of(named.stream().filter(m -> m.getParameters().size() == call.getArguments().size()).toList());
        }
    }
}
