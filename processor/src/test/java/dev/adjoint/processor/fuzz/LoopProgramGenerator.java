package dev.adjoint.processor.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random programs of the shape {@code checkpoint = true} is for: methods
 * {@code public static double fK(double x, double y, int n)} made of loops ({@code for}, {@code while},
 * {@code do}), some in an {@code if}, that carry {@code double}, {@code float} and {@code int} state from one
 * iteration to the next through overwrites, branches, inner loops, accumulations and loop-local
 * temporaries, the elements of arrays made before them (a vector overwritten in place, a history that
 * gets a row per step), and that read {@code x}, {@code y} and what earlier loops left. Each loop changes only
 * the variables declared just before it, so that nothing after a loop changes what it reads; a method
 * may call the ones before it (themselves replayable). Values are
 * kept moderate (sines, tanh, Gaussians, factors below one), so that most gradients are finite.
 */
final class LoopProgramGenerator {

    private final Random rnd;
    private final List<String> readable = new ArrayList<>();
    private List<String> owned = new ArrayList<>();
    /** An array a loop owns: a vector it overwrites, or a history it writes one row of per step. */
    private record OwnedArray(String name, int length, boolean history) {
    }

    /** The arrays of the loop being generated, made just before it. */
    private final List<OwnedArray> arrays = new ArrayList<>();
    /** The float and int state of the loop being generated, read in its expressions as doubles. */
    private final List<String> counted = new ArrayList<>();
    private String counter;
    private int fresh;
    /** The index of the method being generated: it may call the methods before it. */
    private int method;

    LoopProgramGenerator(long seed) {
        this.rnd = new Random(seed);
    }

    /** A class {@code p.<name>} of {@code methods} such methods. */
    String generate(String name, int methods) {
        StringBuilder out = new StringBuilder("package p;\n\nimport dev.adjoint.Differentiable;\n\n");
        out.append("public class ").append(name).append(" {\n");
        for (int m = 0; m < methods; m++) {
            method = m;
            out.append("\n    @Differentiable\n    public static double f").append(m)
                    .append("(double x, double y, int n) {\n");
            method(out);
            out.append("    }\n");
        }
        return out.append("}\n").toString();
    }

    private void method(StringBuilder out) {
        readable.clear();
        readable.add("x");
        readable.add("y");
        fresh = 0;
        counter = null;
        int loops = 1 + rnd.nextInt(2);
        for (int l = 0; l < loops; l++) {
            owned = new ArrayList<>();
            int doubles = 1 + rnd.nextInt(3);
            for (int i = 0; i < doubles; i++) {
                String v = "s" + fresh++;
                out.append("        double ").append(v).append(" = ").append(expr(1)).append(";\n");
                owned.add(v);
            }
            arrays.clear();
            if (rnd.nextInt(3) == 0) {
                String v = "v" + fresh++;
                int length = 1 + rnd.nextInt(3);
                out.append("        double[] ").append(v).append(" = new double[").append(length).append("];\n");
                for (int i = 0; i < length; i++) {
                    out.append("        ").append(v).append('[').append(i).append("] = ").append(expr(1)).append(";\n");
                }
                arrays.add(new OwnedArray(v, length, false));
            }
            if (rnd.nextInt(4) == 0) {
                String h = "h" + fresh++;
                out.append("        double[][] ").append(h).append(" = new double[n + 4][2];\n");
                out.append("        ").append(h).append("[0][1] = ").append(expr(1)).append(";\n");
                arrays.add(new OwnedArray(h, 2, true));
            }
            boolean withFloat = rnd.nextInt(3) == 0;
            boolean withCount = rnd.nextInt(2) == 0;
            String f = "f" + fresh++;
            String c = "c" + fresh++;
            if (withFloat) {
                out.append("        float ").append(f).append(" = 0.5f;\n");
            }
            if (withCount) {
                out.append("        int ").append(c).append(" = 0;\n");
            }
            counted.clear();
            if (withFloat) {
                counted.add(f);
            }
            if (withCount) {
                counted.add("(0.1 * " + c + ")");
            }
            boolean inBranch = rnd.nextInt(4) == 0;
            if (inBranch) {
                out.append("        if (").append(readable.get(rnd.nextInt(readable.size()))).append(" > -0.2) {\n");
            }
            loop(out, withFloat ? f : null, withCount ? c : null);
            if (inBranch) {
                out.append("        }\n");
            }
            counted.clear();
            counter = null;
            readable.addAll(owned);
            for (OwnedArray a : arrays) {
                readable.add(a.history() ? a.name() + "[n][0]" : a.name() + "[0]");
            }
            arrays.clear();
            if (withFloat) {
                readable.add(f);
            }
            if (withCount) {
                readable.add("(double) " + c);
            }
        }
        out.append("        return ").append(expr(2)).append(";\n");
    }

    private void loop(StringBuilder out, String f, String c) {
        counter = "k" + fresh++;
        String bound = rnd.nextBoolean() ? "n" : "n + " + (1 + rnd.nextInt(3));
        List<String> body = new ArrayList<>();
        int statements = 1 + rnd.nextInt(4);
        for (int i = 0; i < statements; i++) {
            statement(body, "            ", f, c, 0);
        }
        switch (rnd.nextInt(3)) {
            case 0 -> {
                out.append("        for (int ").append(counter).append(" = 0; ").append(counter).append(" < ").append(bound)
                        .append("; ").append(counter).append("++) {\n");
                body.forEach(out::append);
                out.append("        }\n");
            }
            case 1 -> {
                out.append("        int ").append(counter).append(" = 0;\n");
                out.append("        while (").append(counter).append(" < ").append(bound).append(") {\n");
                body.forEach(out::append);
                out.append("            ").append(counter).append("++;\n        }\n");
            }
            default -> {
                out.append("        int ").append(counter).append(" = 0;\n        do {\n");
                body.forEach(out::append);
                out.append("            ").append(counter).append("++;\n        } while (").append(counter)
                        .append(" < ").append(bound).append(");\n");
            }
        }
    }

    private void statement(List<String> into, String indent, String f, String c, int depth) {
        String target = owned.get(rnd.nextInt(owned.size()));
        if (!arrays.isEmpty() && rnd.nextInt(3) == 0) {
            OwnedArray a = arrays.get(rnd.nextInt(arrays.size()));
            if (a.history()) {
                // each row written once, from the row before: a record of every step
                into.add(indent + a.name() + "[" + counter + " + 1][" + rnd.nextInt(2) + "] = " + expr(2) + ";\n");
            } else if (rnd.nextBoolean()) {
                into.add(indent + a.name() + "[" + rnd.nextInt(a.length()) + "] = " + expr(2) + ";\n");
            } else {
                into.add(indent + a.name() + "[" + counter + " % " + a.length() + "] += 0.3 * " + expr(1) + ";\n");
            }
            return;
        }
        switch (rnd.nextInt(depth > 0 ? 5 : 8)) {
            case 0 -> into.add(indent + target + " = " + expr(2) + ";\n");
            case 1 -> into.add(indent + target + " += 0.3 * " + expr(2) + ";\n");
            case 2 -> into.add(indent + target + " *= 0.5 + 0.4 * Math.tanh(" + expr(1) + ");\n");
            case 3 -> {
                String t = "t" + fresh++;
                into.add(indent + "double " + t + " = " + expr(2) + ";\n");
                into.add(indent + target + " = " + target + " * Math.cos(" + t + ") + 0.1 * " + t + ";\n");
            }
            case 4 -> {
                if (f != null) {
                    into.add(indent + f + " = " + f + " * 0.9f + 0.01f;\n");
                } else if (c != null) {
                    into.add(indent + c + " += " + counter + " % 3;\n");
                } else {
                    into.add(indent + target + " -= 0.2 * Math.sin(" + expr(1) + ");\n");
                }
            }
            case 5, 6 -> {
                into.add(indent + "if (" + target + " > " + (rnd.nextInt(5) - 2) * 0.25 + ") {\n");
                statement(into, indent + "    ", f, c, depth + 1);
                if (c != null && rnd.nextBoolean()) {
                    into.add(indent + "    " + c + "++;\n");
                }
                into.add(indent + "} else {\n");
                statement(into, indent + "    ", f, c, depth + 1);
                into.add(indent + "}\n");
            }
            default -> {
                String j = "j" + fresh++;
                into.add(indent + "for (int " + j + " = 0; " + j + " < " + (1 + rnd.nextInt(3)) + "; " + j + "++) {\n");
                into.add(indent + "    " + target + " = " + target + " * (0.6 + 0.1 * " + j + ") + 0.3 * Math.sin("
                        + expr(1) + ");\n");
                into.add(indent + "}\n");
            }
        }
    }

    /** A smooth expression of the readable and owned variables, the loop's counter among its leaves. */
    private String expr(int depth) {
        if (depth == 0 || rnd.nextInt(3) == 0) {
            List<String> leaves = new ArrayList<>(readable);
            leaves.addAll(owned);
            leaves.addAll(counted);
            for (OwnedArray a : arrays) {
                leaves.add(a.history() && counter != null ? a.name() + "[" + counter + "][" + rnd.nextInt(2) + "]"
                        : a.history() ? a.name() + "[0][1]" : a.name() + "[" + rnd.nextInt(a.length()) + "]");
            }
            if (counter != null && rnd.nextInt(6) == 0) {
                return "(0.1 * " + counter + ")";
            }
            return rnd.nextInt(8) == 0 ? String.valueOf(rnd.nextInt(7) * 0.25 - 0.5) : leaves.get(rnd.nextInt(leaves.size()));
        }
        String a = expr(depth - 1);
        if (method > 0 && rnd.nextInt(10) == 0) {
            // a method generated before this one, itself loops of Math only: a call a second run repeats
            return "f" + rnd.nextInt(method) + "(" + a + ", " + expr(depth - 1) + ", 2)";
        }
        return switch (rnd.nextInt(8)) {
            case 0 -> "Math.sin(" + a + ")";
            case 1 -> "Math.tanh(" + a + ")";
            case 2 -> "Math.exp(-(" + a + ") * (" + a + "))";
            case 3 -> "Math.atan(" + a + ")";
            case 4 -> "(" + a + " + " + expr(depth - 1) + ")";
            case 5 -> "(" + a + " * " + expr(depth - 1) + ")";
            case 6 -> "(0.5 * " + a + " - " + expr(depth - 1) + ")";
            default -> "Math.cos(" + a + ")";
        };
    }
}
