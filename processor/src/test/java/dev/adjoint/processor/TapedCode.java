package dev.adjoint.processor;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What generated code records on the thread's tapes, in either of its forms: {@code doubleTape.push(v);}
 * and {@code x = doubleTape.pop();}, or, in a loop that uses the tape's array directly,
 * {@code doubles[doublesTaped + 1] = v;} and {@code x = doubles[doublesTaped];}; and how often any text
 * occurs. Comments are not code.
 */
final class TapedCode {

    private TapedCode() {
    }

    /** How often {@code part} occurs in {@code code}, not counting its comments ({@code // grad of: ...}). */
    static int occurrences(String code, String part) {
        return withoutComments(code).split(Pattern.quote(part), -1).length - 1;
    }

    /** How many statements record {@code value} (Java source) on the tape of {@code element} ("double", "int"). */
    static int pushes(String code, String element, String value) {
        return count(code, push(element, Pattern.quote(value), true));
    }

    /** How many statements record a value on the double tape whose source starts with {@code start}. */
    static int pushesStartingWith(String code, String start) {
        return count(code, push("double", Pattern.quote(start), false));
    }

    /** How many statements record {@code value} on the double tape. */
    static int pushes(String code, String value) {
        return pushes(code, "double", value);
    }

    /** How many statements restore {@code target} (Java source: {@code a}, {@code hs[t][i]}) from the double tape. */
    static int pops(String code, String target) {
        return count(code, pop(target));
    }

    /** Where {@code target} is first restored from the double tape after {@code from}; -1 if nowhere. */
    static int indexOfPop(String code, String target, int from) {
        Matcher m = pop(target).matcher(code);
        return m.find(Math.max(from, 0)) ? m.start() : -1;
    }

    /** {@code value} a regular expression; {@code whole}, the whole value pushed rather than its start. */
    private static Pattern push(String element, String value, boolean whole) {
        return Pattern.compile(element + "Tape\\.push\\(" + value + (whole ? "\\);" : "") + "|" + element + "s\\["
                + element + "sTaped(?: \\+ \\d+)?\\] = " + value + (whole ? ";" : ""));
    }

    private static Pattern pop(String target) {
        String quoted = Pattern.quote(target);
        return Pattern.compile("(?<![\\w.\\]])" + quoted + " = doubleTape\\.pop\\(\\);|(?<![\\w.\\]])" + quoted
                + " = doubles\\[doublesTaped(?: \\+ \\d+)?\\];");
    }

    private static int count(String code, Pattern pattern) {
        Matcher m = pattern.matcher(withoutComments(code));
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String withoutComments(String code) {
        return code.lines().filter(line -> !line.trim().startsWith("//")).collect(Collectors.joining("\n"));
    }
}
