package dev.adjoint.processor.naming;

import dev.adjoint.processor.ir.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * The public names of generated code, in one place, because user code and other generated code
 * call them: {@code p.Outer.Inner} gets {@code p.Outer_InnerGrad}; {@code f} gets {@code fForward},
 * {@code fGradient} and the record {@code FGradient} with accessors {@code dX()}.
 */
public final class GradNames {

    public static final String DIFFERENTIABLE = "dev.adjoint.Differentiable";

    private GradNames() {
    }

    public static boolean isDifferentiable(Element method) {
        return method.getAnnotationMirrors().stream().anyMatch(a ->
                ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DIFFERENTIABLE));
    }

    /** The names listed in a method's {@code @Differentiable(wrt = ...)}, empty when there is none. */
    public static List<String> wrt(Element method) {
        for (AnnotationMirror a : method.getAnnotationMirrors()) {
            if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DIFFERENTIABLE)) {
                for (var entry : a.getElementValues().entrySet()) {
                    if (entry.getKey().getSimpleName().contentEquals("wrt")) {
                        @SuppressWarnings("unchecked")
                        List<? extends AnnotationValue> values = (List<? extends AnnotationValue>) entry.getValue().getValue();
                        return values.stream().map(v -> (String) v.getValue()).toList();
                    }
                }
            }
        }
        return List.of();
    }

    /** Whether a method's {@code @Differentiable(hessian = true)} asks for second-order derivatives. */
    public static boolean requestsHessian(Element method) {
        return isSet(method, "hessian");
    }

    /** Whether a method's {@code @Differentiable(checkpoint = true)} asks for its loops' tapes to be bounded. */
    public static boolean requestsCheckpoints(Element method) {
        return isSet(method, "checkpoint");
    }

    /** Whether the boolean {@code attribute} of a method's {@code @Differentiable} is written and true. */
    private static boolean isSet(Element method, String attribute) {
        for (AnnotationMirror a : method.getAnnotationMirrors()) {
            if (((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().contentEquals(DIFFERENTIABLE)) {
                for (var entry : a.getElementValues().entrySet()) {
                    if (entry.getKey().getSimpleName().contentEquals(attribute)) {
                        return Boolean.TRUE.equals(entry.getValue().getValue());
                    }
                }
            }
        }
        return false;
    }

    /** A class of the user's as an IR type. */
    public static Type.Named classType(Elements elements, TypeElement type) {
        List<String> names = new ArrayList<>();
        Element e = type;
        while (e instanceof TypeElement t) {
            names.add(t.getSimpleName().toString());
            e = t.getEnclosingElement();
        }
        Collections.reverse(names);
        PackageElement pkg = elements.getPackageOf(type);
        return new Type.Named(pkg.isUnnamed() ? "" : pkg.getQualifiedName().toString(), names);
    }

    /** The class holding the derivatives of {@code type}'s methods: nested names joined by {@code _}. */
    public static Type.Named gradClass(Elements elements, TypeElement type) {
        Type.Named user = classType(elements, type);
        return Type.Named.of(user.packageName(), String.join("_", user.simpleNames()) + "Grad");
    }

    public static String forwardMethod(String method) {
        return method + "Forward";
    }

    /** The private forward sweep behind {@code fForward} of a method returning a double: {@code fForwardSweep}. */
    public static String forwardSweepMethod(String method) {
        return forwardMethod(method) + "Sweep";
    }

    public static String gradientMethod(String method) {
        return method + "Gradient";
    }

    /** Reverse mode into the caller's buffers: {@code fGradientInto(x..., dX..., scalarPartials)}. */
    public static String gradientIntoMethod(String method) {
        return gradientMethod(method) + "Into";
    }

    /**
     * The private core of a scalar method's reverse mode that other methods of its class call:
     * {@code double fGradientOnto(x..., DoubleStack doubleTape)} returns the value and pushes the partials.
     */
    public static String gradientOntoMethod(String method) {
        return ontoTape(gradientMethod(method));
    }

    /** The core of the reverse mode {@code fGradient}: {@code fGradientOnto}. */
    public static String ontoTape(String gradientMethod) {
        return gradientMethod + "Onto";
    }

    /**
     * The private core of {@code fGradient} and {@code fGradientInto}, their adjoint code written once:
     * {@code fGradientIntoZeroed(x..., dX..., scalarPartials)}, into buffers that hold zeros.
     */
    public static String gradientIntoZeroedMethod(String method) {
        return gradientIntoMethod(method) + "Zeroed";
    }

    /** Reverse mode of a vector-valued method: {@code fPullback(x..., seed)}. */
    public static String pullbackMethod(String method) {
        return method + "Pullback";
    }

    /** Its record: {@code FGradient} gives {@code FPullback}. */
    public static Type.Named pullbackRecord(Type.Named gradientRecord) {
        return renameRecord(gradientRecord, "Pullback");
    }

    /**
     * The record forward mode of a method returning a record gives, the value and its tangent, each a
     * record of the method's type: {@code FGradient} gives {@code FForward}.
     */
    public static Type.Named forwardRecord(Type.Named gradientRecord) {
        return renameRecord(gradientRecord, "Forward");
    }

    public static String jacobianMethod(String method) {
        return method + "Jacobian";
    }

    private static Type.Named renameRecord(Type.Named gradientRecord, String suffix) {
        String name = gradientRecord.simpleName();
        List<String> names = new ArrayList<>(gradientRecord.simpleNames());
        names.set(names.size() - 1, name.substring(0, name.length() - "Gradient".length()) + suffix);
        return new Type.Named(gradientRecord.packageName(), names);
    }

    /** The tangent function behind second-order derivatives: {@code fTangent(x..., xDot...)}. */
    public static String tangentMethod(String method) {
        return method + "Tangent";
    }

    /** The record of the tangent function's reverse mode: {@code FGradient} gives {@code FTangentGradient}. */
    public static Type.Named tangentRecord(Type.Named gradientRecord) {
        return renameRecord(gradientRecord, "TangentGradient");
    }

    public static String hessianMethod(String method) {
        return method + "Hessian";
    }

    public static String hessianVectorMethod(String method) {
        return method + "HessianVector";
    }

    /**
     * The gradient record of {@code method}: {@code FGradient} for {@code f}; overloaded
     * differentiable methods are told apart by their parameter types, {@code f(double, int)}
     * giving {@code FDoubleIntGradient}.
     */
    public static Type.Named gradientRecord(Elements elements, ExecutableElement method) {
        TypeElement owner = (TypeElement) method.getEnclosingElement();
        String name = method.getSimpleName().toString();
        long sameName = ElementFilter.methodsIn(owner.getEnclosedElements()).stream()
                .filter(m -> m.getSimpleName().contentEquals(name) && isDifferentiable(m))
                .count();
        StringBuilder record = new StringBuilder(capitalize(name));
        if (sameName > 1) {
            method.getParameters().forEach(p -> record.append(capitalize(typeWord(p.asType()))));
        }
        return gradClass(elements, owner).nested(record.append("Gradient").toString());
    }

    /**
     * A parameter type as a word of an overload's record name: {@code double[]} gives
     * {@code doubleArray}; a record or class its simple name ({@code Params}, not the qualified name,
     * whose dots would not make a name).
     */
    private static String typeWord(TypeMirror type) {
        if (type.getKind() == TypeKind.DECLARED) {
            return ((DeclaredType) type).asElement().getSimpleName().toString();
        }
        return type.toString().replace("[]", "Array");
    }

    /** The record component holding the partial with respect to a parameter: {@code x} gives {@code dX}. */
    public static String partialName(String parameter) {
        return "d" + capitalize(parameter);
    }

    public static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
