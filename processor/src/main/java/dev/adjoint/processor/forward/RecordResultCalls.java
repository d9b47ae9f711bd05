package dev.adjoint.processor.forward;

import dev.adjoint.processor.analyze.Activity;
import dev.adjoint.processor.diagnostics.SourcePosition;
import dev.adjoint.processor.ir.CallTarget;
import dev.adjoint.processor.ir.Expr;
import dev.adjoint.processor.ir.Exprs;
import dev.adjoint.processor.ir.RecordShape;
import dev.adjoint.processor.ir.Stmt;
import dev.adjoint.processor.ir.Substitution;
import dev.adjoint.processor.ir.Temporaries;
import dev.adjoint.processor.ir.Type;
import dev.adjoint.processor.ir.Variable;
import dev.adjoint.processor.naming.GradNames;
import java.util.List;

/**
 * Forward mode of a local record a call gives ({@code Point p = polar(r, t);}, which the reader gives
 * as {@code double[] p = polar(r, t);} and the locals of the leaves reading {@code p}): the callee's
 * forward mode gives its value and tangent as two records ({@code PolarForward}), taken apart into
 * {@code p} and its tangent array {@code pDot} in declaration order; a call not differentiated gives
 * the record itself, taken apart into {@code p}.
 */
final class RecordResultCalls {

    private RecordResultCalls() {
    }

    /** Appends to {@code out} the translation of {@code node}, {@code double[] p = call;}. */
    static void declare(Stmt.Declare node, Expr.Call call, Activity activity, Substitution values,
            ExpressionTangents tangents, List<Stmt> out) {
        CallTarget target = call.target();
        RecordShape record = target.resultRecord();
        Variable v = values.apply(node.variable());
        Expr length = Expr.Literal.ofInt(record.leaves().size());
        if (!activity.isActive(call)) {
            Variable value = Variable.generated(v.name() + "Value", record.type());
            out.add(new Stmt.Declare(value, values.apply(call), SourcePosition.NONE));
            out.add(new Stmt.Declare(v, newArray(length), node.position()));
            writeLeaves(v, record, Exprs.ref(value), out);
            if (activity.isActive(node.variable())) {
                out.add(new Stmt.Declare(tangents.tangentOf(node.variable()), newArray(length), SourcePosition.NONE));
            }
            return;
        }
        List<Expr> arguments = tangents.forwardArguments(call, Temporaries.into(out));
        Type.Named forwardRecord = GradNames.forwardRecord(target.gradientRecord());
        Variable forward = Variable.generated(v.name() + "Forward", forwardRecord);
        out.add(new Stmt.Declare(forward, new Expr.InvokeStatic(target.gradOwner(), GradNames.forwardMethod(target.name()),
                arguments, forwardRecord), SourcePosition.NONE));
        Variable tangent = tangents.tangentOf(node.variable());
        out.add(new Stmt.Declare(v, newArray(length), node.position()));
        out.add(new Stmt.Declare(tangent, newArray(length), SourcePosition.NONE));
        writeLeaves(v, record, new Expr.Invoke(Exprs.ref(forward), "value", List.of(), record.type()), out);
        writeLeaves(tangent, record, new Expr.Invoke(Exprs.ref(forward), "tangent", List.of(), record.type()), out);
    }

    private static Expr newArray(Expr length) {
        return new Expr.NewArray(Type.DOUBLE_ARRAY, List.of(length), SourcePosition.NONE);
    }

    /** {@code array[i] = from.x();} for every leaf {@code i} of {@code record}, in declaration order. */
    private static void writeLeaves(Variable array, RecordShape record, Expr from, List<Stmt> out) {
        List<Expr> leaves = record.leafReads(from);
        for (int i = 0; i < leaves.size(); i++) {
            out.add(new Stmt.ArrayWrite(Exprs.ref(array), Expr.Literal.ofInt(i), leaves.get(i), SourcePosition.NONE));
        }
    }
}
