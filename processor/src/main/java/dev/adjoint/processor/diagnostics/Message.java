package dev.adjoint.processor.diagnostics;

import java.text.MessageFormat;

/**
 * Every diagnostic the processor reports, in one place. Each message names the construct and says
 * what to do instead; each has a test that checks its text and its line.
 */
public enum Message {
    // The annotated method itself
    NOT_STATIC("@Differentiable method ''{0}'' must be static: Adjoint differentiates static methods and methods of records (and of final classes whose fields are final, built by a constructor that stores them); make it static and pass what it reads from the instance as parameters"),
    NOT_DOUBLE_RETURN("@Differentiable method ''{0}'' returns {1}; it must return double (or double[] or a record of doubles for a vector-valued function)"),
    VECTOR_RETURN("a vector-valued @Differentiable method returns one of its local arrays (created with new double[...]), not ''{0}''"),
    NO_DIFFERENTIABLE_PARAMETER("@Differentiable method ''{0}'' has nothing to differentiate: it has no double, double[] or double[][] parameter"),
    UNSUPPORTED_PARAMETER_TYPE("parameter ''{0}'' has type {1}; @Differentiable methods take double, double[], double[][], int, long and boolean parameters, int[], long[] and boolean[], records of those, and char, String and enum (not private) values"),
    GENERIC_METHOD("@Differentiable method ''{0}'' is generic; declare it without type parameters"),
    VARARGS_METHOD("@Differentiable method ''{0}'' has a variable-arity parameter; declare a fixed parameter list"),
    PRIVATE_ENCLOSING_CLASS("@Differentiable method ''{0}'' is in private class {1}, which its generated {2} cannot reach; make the class package-private"),
    NO_SOURCE("cannot read the body of @Differentiable method ''{0}'': Adjoint needs javac''s source trees"),

    // Record parameters and methods of records
    RECORD_COMPONENT_TYPE("record {0} has component ''{1}'' of type {2}; the components of a record a @Differentiable method takes must be double, double[], double[][], int, long, boolean or records of those"),
    RECORD_NOT_IN_SOURCE("record {0} is compiled elsewhere; Adjoint takes a record only when it compiles the record too, where it can check that its accessors return its components and its canonical constructor stores them"),
    RECORD_CUSTOM_ACCESSOR("record {0} declares its accessor {1}() itself; Adjoint reads a component as the value its accessor returns, so the accessor must be the implicit one"),
    RECORD_CUSTOM_CONSTRUCTOR("record {0} declares its canonical constructor; Adjoint builds the partials as a {0} with it, which a check or a change of the components would break; keep the record plain and check values in the @Differentiable method (a throw guard)"),
    RECORD_GENERIC("record {0} is generic; a record a @Differentiable method takes must have no type parameters"),
    RECORD_INACCESSIBLE("record {0} is private, so the generated {1} cannot name it; make it package-private"),
    RECORD_RECURSIVE("record {0} contains itself through component ''{1}''; a record a @Differentiable method takes must be a finite tree of numbers"),
    RECORD_AS_VALUE("the record ''{0}'' is used as a whole; a @Differentiable method reads a record through its components ({0}.x() or {0}.x), and does not pass it, compare it or store it"),
    RECORD_CALL_NOT_DIFFERENTIABLE("''{0}'' is called with or on a record but is not @Differentiable; a record may be passed only to @Differentiable methods (static ones taking the record, or methods of the record)"),
    RECORD_RESULT_COMPONENT("''{0}'' returns the record {1}, whose component ''{2}'' has type {3}; a returned record holds doubles (or records of doubles), one result each"),
    RECORD_RESULT_EMPTY("''{0}'' returns the record {1}, which has no components: there is nothing to differentiate"),
    RECORD_RESULT_FORM("a @Differentiable method returning the record {0} returns new {0}(...) with its components written out (nested records built in place too), not ''{1}''"),
    RECORD_RESULT_CALL("''{0}'' returns the record {1}; differentiable code reads such a call as a local record''s initializer, {1} p = {0}(...); then p.x(), or straight off the call, {0}(...).x() (outside loops, and the method @Differentiable)"),
    RECORD_RESULT_CALL_IN_LOOP("''{0}'' returns the record {1} inside a loop, where differentiable code reads no such call; call ''{2}'' before the loop into a local record, {1} p = {2}(...);, or compute the components here"),
    RECORD_RESULT_CALL_HERE("''{0}'' returns the record {1} in {2}, where no local record can be declared for it; declare one before the statement, {1} p = {3}(...);, and read p.x() there"),
    // Record-like final classes: taken apart and rebuilt as records are
    CLASS_NOT_FINAL("class {0} is not final; a @Differentiable method takes a class as it takes a record (and differentiates its methods) only when it is final, its fields are final and a constructor stores each of them from a parameter of its own"),
    CLASS_GENERIC("class {0} is generic; a class a @Differentiable method takes must have no type parameters"),
    CLASS_SUPERCLASS("class {0} extends {1}; a class a @Differentiable method takes must extend Object only, so that its fields are all its state"),
    CLASS_INNER("class {0} is an inner class, whose objects need an enclosing instance; make it static"),
    CLASS_INACCESSIBLE("class {0} is not accessible from the generated {1}, which takes {2} apart and rebuilds it; {3}"),
    CLASS_FIELD_NOT_FINAL("class {0} has field ''{1}'' that is not final; Adjoint takes an object as the values of its fields, which must not change: make the field final"),
    CLASS_FIELD_TYPE("class {0} has field ''{1}'' of type {2}; the fields of a class a @Differentiable method takes must be double, double[], double[][], int, long, boolean or records and such classes of those"),
    CLASS_RECURSIVE("class {0} contains itself through field ''{1}''; a class a @Differentiable method takes must be a finite tree of numbers"),
    CLASS_INITIALIZER("class {0} has an instance initializer; Adjoint rebuilds a {0} from its field values with a constructor, which an initializer would run again: move it into the methods"),
    CLASS_NO_CONSTRUCTOR("class {0} has no constructor that Adjoint may call; add {0}({1}) storing each parameter in its field"),
    CLASS_FIELD_COMPUTED("the constructor {0}({1}) sets field ''{2}'' to ''{3}'', not to a parameter of its own, so a {0} cannot be rebuilt from its field values (as Adjoint builds its partials and tangents); store the parameter as it is and compute {3} in the methods"),
    CLASS_CONSTRUCTOR_STATEMENT("the constructor {0}({1}) does ''{2}''; Adjoint rebuilds a {0} from its field values with a constructor that only stores each parameter in its field (this.x = x;): move the rest into the methods"),
    CLASS_FIELD_UNSET("the constructor {0}({1}) does not set field ''{2}'' from a parameter of its own exactly once; Adjoint rebuilds a {0} from its field values with a constructor that stores each parameter in its field (this.{2} = {2};)"),
    CLASS_PARAMETER_UNSTORED("the constructor {0}({1}) stores parameter ''{2}'' in no field of its own type (or in two); Adjoint rebuilds a {0} from its field values with a constructor that stores each parameter in one field"),
    CLASS_FIELD_NOT_READABLE("field ''{1}'' of class {0} is private and has no getter that returns it as it is; the generated {2} reads it through one: add {3} {1}() '{' return {1}; '}' (or get{4}()) to {0}, not private"),
    RECORD_SELF_NAME("parameter ''self'' of ''{0}'': the generated methods of a record''s method take the record itself as ''self''; rename the parameter"),

    WRT_UNKNOWN("''{0}'' in wrt is not a parameter of ''{1}''"),
    WRT_NOT_DIFFERENTIABLE("''{0}'' in wrt has type {1}; only double, double[] and double[][] parameters, and records with such components, can be differentiated"),
    WRT_DUPLICATE("''{0}'' is named twice in wrt"),

    // Derivative rules (@DerivativeOf)
    RULE_UNKNOWN_FUNCTION("@DerivativeOf names ''{0}'', but {1} has no method of that name (static, or public on its objects)"),
    RULE_SIGNATURE("@DerivativeOf rule ''{0}'' must have the parameter list of the function it differentiates: {1} has no overload ''{2}{3}''"),
    RULE_RETURN("@DerivativeOf rule ''{0}'' returns {1}; it must return double, the partial derivative"),
    RULE_NOT_STATIC("@DerivativeOf rule ''{0}'' must be static"),
    RULE_PRIVATE("@DerivativeOf rule ''{0}'' is private, so generated code cannot call it; make it package-private"),
    RULE_WRT_MISSING("''{0}'' has several double parameters ({1}); say which partial this rule is with wrt = \"...\""),
    RULE_WRT_UNKNOWN("wrt = \"{0}\" is not a double parameter of ''{1}''"),
    RULE_DUPLICATE("a second @DerivativeOf rule for the partial of ''{0}'' with respect to ''{1}''"),
    RULE_MISSING_PARTIAL("''{0}'' has rules for some of its double parameters but none for ''{1}''; add @DerivativeOf(value = \"{0}\", wrt = \"{1}\")"),
    RULE_ON_DIFFERENTIABLE("''{0}'' is @Differentiable, so Adjoint differentiates its body; remove @Differentiable to use this rule instead"),
    RULE_ARRAY_PARAMETER("''{0}'' takes arrays; @DerivativeOf rules are supported for functions of double, int, long and boolean parameters"),

    METHOD_TOO_LONG("the derivative code of ''{0}'' ({1}) would need about {2,number,#} bytes of bytecode, too close to the JVM''s limit of 65535 for one method; split ''{0}'' into smaller @Differentiable methods"),

    // Statements
    UNSUPPORTED_STATEMENT("{0} is not supported in a @Differentiable method; {1}"),

    LOCAL_ARRAY_PLACEMENT("local array ''{0}'' cannot be created in a loop''s condition or update; declare it in the loop''s body or before the loop"),
    LOCAL_MATRIX_IN_LOOP("local array ''{0}'' of two dimensions must be created with both lengths (new double[n][m]) or written out to be declared in a loop or given a new array"),
    LOCAL_ARRAY_INITIALIZER("local array ''{0}'' must be created here with new {1}[...]: Adjoint keeps one adjoint array per local array and does not follow aliases"),
    VALUE_ONLY_LOCAL("local ''{0}'' of type {1} must be declared with its value, outside loops: a char, String or enum local is given its value once (use ?: to choose it)"),
    VALUE_ONLY_ASSIGNED("''{0}'' of type {1} cannot be assigned: a char, String or enum variable keeps the value it is declared with; declare another local"),
    ARRAY_REASSIGNED("array variable ''{0}'' cannot be assigned again, but for a local array of one dimension given a new array (v = new double[n]); write its elements instead"),
    ARRAY_REASSIGNED_ALIASED("array variable ''{0}'' cannot be given a new array while ''{1}'', a second name for it, is in scope: ''{1}'' would name the new array"),
    ARRAY_REASSIGNED_ITERATED("array variable ''{0}'' cannot be given a new array inside an enhanced for loop over it"),
    PARAMETER_ARRAY_WRITE("writing into parameter array ''{0}'' would change the caller''s array; copy it into a local array (new double[...]) first"),

    // Expressions
    UNSUPPORTED_EXPRESSION("{0} is not supported in a @Differentiable method; {1}"),
    UNSUPPORTED_TYPE("type {0} is not supported in a @Differentiable method; use double, double[], double[][], int, long or boolean, or int[], long[] or boolean[], or char, String or an enum (not private) to compare and switch on"),
    UNKNOWN_NAME("cannot resolve ''{0}'' in a @Differentiable method; only locals, parameters and static fields can be read"),
    ASSIGNMENT_TO_FIELD("assignment to field ''{0}'': a @Differentiable method may only assign its own locals and parameters; return the value instead"),
    ASSIGNMENT_IN_EXPRESSION("assignment inside an expression in {0} is not supported in a @Differentiable method; write it as a statement of its own before"),
    INACCESSIBLE_FIELD("field ''{0}'' is private and not a compile-time constant, so the generated derivative code cannot read it; make it package-private"),
    INACCESSIBLE_METHOD("method ''{0}'' is private, so the generated derivative code cannot call it; make it package-private"),
    PRIVATE_FIELD_NOT_COPIED("private field ''{0}'' cannot be copied into the generated class, which cannot read it: {1}; make it package-private, or give it an initializer and never change it after"),
    PRIVATE_HELPER_FAILED("private method ''{0}'' cannot be copied into the generated class, which cannot call it: {1}; fix it there, or make it package-private and @Differentiable"),
    UNRESOLVED_METHOD("cannot resolve method ''{0}'' with {1} argument(s) in a @Differentiable method"),
    NO_DERIVATIVE("no derivative is known for ''{0}'', called with a differentiable argument; annotate it with @Differentiable (static, returning double) so Adjoint can differentiate it"),
    NO_PARTIAL("the derivative of ''{0}'' with respect to its parameter ''{1}'' has no known closed form, and the argument given for ''{1}'' depends on the differentiable inputs; pass a value that does not, or leave it out of wrt"),
    ACTIVE_OBJECT("a {0} built from a value that depends on the differentiable inputs is not supported: the object is never differentiated, so that value''s derivative would be lost; build it from values that are not differentiated"),
    ARGUMENT_NOT_DIFFERENTIATED("the argument for parameter ''{1}'' of ''{0}'' depends on the differentiable inputs, but ''{0}'' is not differentiated with respect to ''{1}''; add it to that method''s wrt"),
    CALLS_FAILED_METHOD("''{0}'' has errors of its own, so calls to it cannot be differentiated either; fix ''{0}'' first"),
    MISSING_GRAD_CLASS("''{0}'' is @Differentiable but its derivatives class {1} is not on the class path; compile its source with the Adjoint processor"),
    NONDETERMINISTIC_CALL("''{0}'' returns a different value on every call, so it cannot be differentiated or re-evaluated; pass the random value in as a parameter"),

    NO_SECOND_ORDER("cannot generate fHessian for ''{0}'': it calls ''{1}'' through @DerivativeOf rules or Adjoint''s table of library special functions, which give first derivatives only; for a function of yours, make it @Differentiable instead"),
    RECORD_CALL_IN_LOOP("local record ''{0}'' takes the record ''{1}'' returns inside a loop, which is not supported; call the method before the loop, or compute the components here"),
    VECTOR_CALL_IN_LOOP("local array ''{0}'' takes the array a vector-valued method returns inside a loop, which is not supported; call the method before the loop, or compute the elements here"),
    NO_SECOND_ORDER_VECTOR_CALL("cannot generate fHessian for ''{0}'': it calls ''{1}'', which returns double[]: second order does not go through vector-valued methods; write the elements it needs as scalar methods"),
    NO_SECOND_ORDER_RECORD_CALL("cannot generate fHessian for ''{0}'': it calls ''{1}'', which returns the record {2}: second order does not go through methods returning records; write the components it needs as scalar methods"),
    NO_SECOND_ORDER_TRANSITIVE("cannot generate fHessian for ''{0}'': it calls ''{1}'', which cannot have second-order code itself"),
    NO_SECOND_ORDER_CALLEE("cannot generate fHessian for ''{0}'': ''{1}'' (compiled earlier) has no second-order code; compile it with @Differentiable(hessian = true)"),
    NO_SECOND_ORDER_VECTOR("hessian = true on ''{0}'', which returns {1}: Hessians are for methods returning double; use fJacobian"),

    // checkpoint = true: each loop that may record for the adjoint sweep must be one a second run reproduces
    CHECKPOINT_NO_LOOP("checkpoint = true on ''{0}'', which has no loop to checkpoint; remove it"),
    CHECKPOINT_JUMP("checkpoint = true: this loop is left by {0}; a checkpointed loop runs its stretches again by count, so it must end by its condition only"),
    CHECKPOINT_LOOP_ARRAY("checkpoint = true: this loop creates the array ''{0}'' in each iteration; a checkpoint holds numbers and the elements of arrays made before the loop, so create it before the loop and overwrite its elements"),
    CHECKPOINT_CALL("checkpoint = true: this loop calls ''{0}''; a checkpointed loop runs its stretches twice, so it may call only what gives the same answer twice: Math''s and the number classes'' methods, and @Differentiable methods compiled with it that call nothing else"),
    CHECKPOINT_STATE("checkpoint = true: this loop changes ''{0}'', a {1}; a checkpoint holds double, float and int variables and the elements of double[], double[][] and int[] arrays"),
    CHECKPOINT_CHANGED_AFTER("checkpoint = true: ''{0}'', which this loop reads, is changed after it; the adjoint sweep runs the loop again after it has undone only what the adjoints need, so the loop must read values nothing after it changes"),

    // Internal
    UNWRAP_FAILED("Adjoint needs javac''s Trees API, but the build tool wrapped the processing environment in {0}, which Adjoint cannot unwrap; run the processor with javac directly"),
    WRITE_FAILED("cannot write {0}: {1}"),
    INTERNAL_ERROR("internal error in Adjoint while differentiating ''{0}'' ({1}); please report it with this method''s source");

    private final String pattern;

    Message(String pattern) {
        this.pattern = pattern;
    }

    public String format(Object... arguments) {
        return new MessageFormat(pattern).format(arguments);
    }
}
