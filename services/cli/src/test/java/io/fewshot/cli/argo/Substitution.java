package io.fewshot.cli.argo;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Argo's template tags, the part of them the sweep template uses: simple tags
 * ({@code {{workflow.name}}}, {@code {{inputs.parameters.x}}}, {@code {{tasks.t.outputs.result}}}, ...)
 * looked up in a scope, and expression tags ({@code {{=...}}}) of one shape:
 * {@code A == B}, {@code A != B}, optionally followed by {@code ? C : D}, where each operand is a
 * quoted string or a parameter reference. Anything else fails loudly: a template that grows a
 * feature this executor cannot honour must not pass by accident.
 */
final class Substitution {
    private static final Pattern TAG = Pattern.compile("\\{\\{(.*?)}}");
    private static final Pattern TERNARY = Pattern.compile("^(.+?)\\s*(==|!=)\\s*(.+?)\\s*\\?\\s*(.+?)\\s*:\\s*(.+)$");
    private static final Pattern COMPARISON = Pattern.compile("^(.+?)\\s*(==|!=)\\s*(.+)$");
    private static final Pattern BRACKET = Pattern.compile("^([\\w.]+)\\['([\\w-]+)']$");

    private Substitution() {
    }

    /** Replaces every tag in {@code text}; {@code scope} maps a tag's name to its value. */
    static String apply(String text, Map<String, String> scope) {
        Matcher m = TAG.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String tag = m.group(1).trim();
            String value = tag.startsWith("=") ? expression(tag.substring(1).trim(), scope) : lookup(tag, scope);
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A {@code when} condition after substitution: {@code 'a' != ''}, {@code Failed != Succeeded}. */
    static boolean condition(String text) {
        Matcher c = COMPARISON.matcher(text.trim());
        if (!c.matches()) {
            throw new UnsupportedTemplate("when: '" + text + "' is not of the form A == B or A != B");
        }
        boolean equal = literal(c.group(1)).equals(literal(c.group(3)));
        return c.group(2).equals("==") == equal;
    }

    private static String expression(String expr, Map<String, String> scope) {
        Matcher t = TERNARY.matcher(expr);
        if (t.matches()) {
            boolean equal = operand(t.group(1), scope).equals(operand(t.group(3), scope));
            boolean holds = t.group(2).equals("==") == equal;
            return operand(holds ? t.group(4) : t.group(5), scope);
        }
        throw new UnsupportedTemplate("expression '{{=" + expr + "}}': only A ==|!= B ? C : D is understood here");
    }

    private static String operand(String raw, Map<String, String> scope) {
        String s = raw.trim();
        if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
            return s.substring(1, s.length() - 1);
        }
        Matcher b = BRACKET.matcher(s);
        if (b.matches()) {
            return lookup(b.group(1) + "." + b.group(2), scope);
        }
        if (s.matches("[\\w.]+")) {
            return lookup(s, scope);
        }
        throw new UnsupportedTemplate("expression operand '" + s + "' is neither a quoted string nor a reference");
    }

    private static String lookup(String name, Map<String, String> scope) {
        String v = scope.get(name);
        if (v == null) {
            throw new UnsupportedTemplate("'{{" + name + "}}' has no value here (known: " + scope.keySet() + ")");
        }
        return v;
    }

    private static String literal(String raw) {
        String s = raw.trim();
        return s.length() >= 2 && s.startsWith("'") && s.endsWith("'") ? s.substring(1, s.length() - 1) : s;
    }
}
