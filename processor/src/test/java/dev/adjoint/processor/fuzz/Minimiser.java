package dev.adjoint.processor.fuzz;

import dev.adjoint.processor.fuzz.ProgramGenerator.Line;
import dev.adjoint.processor.fuzz.ProgramGenerator.MethodSpec;
import dev.adjoint.processor.fuzz.ProgramGenerator.Program;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing fuzz program while it still fails the same way (greedy, to a fixed point, at
 * most {@link #MAX_ATTEMPTS} compilations). It works on the generator's lines, rendered for the
 * program and its trace twin alike, so the twin stays in step:
 * <ol>
 *   <li>drop other methods (a method still called cannot be dropped: that candidate does not
 *       compile, so it does not "still fail");</li>
 *   <li>drop statements: single lines, and whole blocks ({@code if}/{@code else} chains, loops);</li>
 *   <li>unwrap blocks: keep a block's statements without its {@code if} or loop;</li>
 *   <li>simplify expressions: replace a parenthesised group or a call, where the same text stands in
 *       the program and in the twin (no traced comparison inside), by {@code x}, {@code y},
 *       {@code 0.5} or {@code 1}.</li>
 * </ol>
 * The predicate decides "still fails" (same method, same point, same category of failure); a
 * candidate that is not valid Java fails to compile and is rejected.
 */
final class Minimiser {

    static final int MAX_ATTEMPTS = Integer.getInteger("adjoint.fuzz.minimiseAttempts", 400);

    private final Predicate<Program> stillFails;
    private final String method;
    private int attempts;

    Minimiser(String method, Predicate<Program> stillFails) {
        this.method = method;
        this.stillFails = stillFails;
    }

    int attempts() {
        return attempts;
    }

    private boolean test(Program candidate) {
        if (attempts >= MAX_ATTEMPTS) {
            return false;
        }
        attempts++;
        try {
            return stillFails.test(candidate);
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    Program minimise(Program program) {
        Program best = program;
        boolean progress = true;
        while (progress && attempts < MAX_ATTEMPTS) {
            progress = false;
            // 1. other methods, last first
            for (int i = best.methodSpecs().size() - 1; i >= 0; i--) {
                MethodSpec m = best.methodSpecs().get(i);
                if (m.name().equals(method)) {
                    continue;
                }
                List<MethodSpec> fewer = new ArrayList<>(best.methodSpecs());
                fewer.remove(i);
                Program c = best.withMethods(fewer);
                if (test(c)) {
                    best = c;
                    progress = true;
                }
            }
            // 2, 3. statements and blocks of every remaining method
            for (MethodSpec m : best.methodSpecs()) {
                Program shrunk = shrinkBody(best, m.name());
                if (shrunk != best) {
                    best = shrunk;
                    progress = true;
                }
            }
            // 4. expressions
            for (MethodSpec m : best.methodSpecs()) {
                Program simpler = simplifyExpressions(best, m.name());
                if (simpler != best) {
                    best = simpler;
                    progress = true;
                }
            }
        }
        return best;
    }

    private Program shrinkBody(Program best, String name) {
        boolean progress = true;
        while (progress && attempts < MAX_ATTEMPTS) {
            progress = false;
            List<Line> body = best.spec(name).body();
            for (int i = 0; i < body.size(); i++) {
                int end = blockEnd(body, i);
                if (end < 0) {
                    continue;
                }
                List<Line> without = new ArrayList<>(body.subList(0, i));
                without.addAll(body.subList(end + 1, body.size()));
                Program c = best.withBody(name, without);
                if (test(c)) {
                    best = c;
                    progress = true;
                    break;
                }
                if (end > i) {
                    List<Line> unwrapped = new ArrayList<>(body.subList(0, i));
                    for (int j = i + 1; j < end; j++) {
                        Line l = body.get(j);
                        if (l.indent() > body.get(i).indent()) {
                            unwrapped.add(new Line(l.indent() - 1, l.plain(), l.traced()));
                        }
                    }
                    unwrapped.addAll(body.subList(end + 1, body.size()));
                    c = best.withBody(name, unwrapped);
                    if (test(c)) {
                        best = c;
                        progress = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    /** The last line of the statement starting at line i (i itself for a one-line statement); -1 if none starts there. */
    static int blockEnd(List<Line> body, int i) {
        Line l = body.get(i);
        if (l.plain().startsWith("}")) {
            return -1;
        }
        if (!l.plain().endsWith("{")) {
            return i;
        }
        for (int j = i + 1; j < body.size(); j++) {
            Line e = body.get(j);
            if (e.indent() == l.indent() && e.plain().startsWith("}") && !e.plain().endsWith("{")) {
                return j;
            }
        }
        return -1;
    }

    private static final String[] LEAVES = {"x", "y", "0.5", "1"};

    private Program simplifyExpressions(Program best, String name) {
        boolean progress = true;
        while (progress && attempts < MAX_ATTEMPTS) {
            progress = false;
            List<Line> body = best.spec(name).body();
            outer:
            for (int i = 0; i < body.size(); i++) {
                Line l = body.get(i);
                for (String group : groups(l.plain())) {
                    if (!l.traced().contains(group)) {
                        continue;
                    }
                    for (String leaf : LEAVES) {
                        String p = l.plain().replace(group, leaf);
                        String t = l.traced().replace(group, leaf);
                        List<Line> changed = new ArrayList<>(body);
                        changed.set(i, new Line(l.indent(), p, t));
                        Program c = best.withBody(name, changed);
                        if (test(c)) {
                            best = c;
                            progress = true;
                            break outer;
                        }
                    }
                }
            }
        }
        return best;
    }

    /**
     * Balanced parenthesised groups of a line, longest first; a group that is a call's argument
     * list is returned with the callee's name ({@code Math.sin(...)}).
     */
    static List<String> groups(String line) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) != '(') {
                continue;
            }
            int depth = 0;
            int j = i;
            for (; j < line.length(); j++) {
                char c = line.charAt(j);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    break;
                }
            }
            if (j >= line.length()) {
                continue;
            }
            int start = i;
            while (start > 0 && (Character.isJavaIdentifierPart(line.charAt(start - 1)) || line.charAt(start - 1) == '.')) {
                start--;
            }
            String g = line.substring(start, j + 1);
            String head = line.substring(0, start).trim();
            // keep statement structure: not the condition of if/while/for, not a cast
            if (start == i && (head.endsWith("if") || head.endsWith("while") || head.endsWith("for"))) {
                continue;
            }
            if (g.equals("(int)") || g.equals("(double)") || g.startsWith("for") || g.startsWith("if")
                    || g.startsWith("while")) {
                continue;
            }
            if (!out.contains(g)) {
                out.add(g);
            }
        }
        out.sort((a, b) -> Integer.compare(b.length(), a.length()));
        return out;
    }
}
