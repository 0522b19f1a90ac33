package io.fewshot.cli.argo;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DAG task's {@code depends}: task results ({@code t.Succeeded}, {@code t.Failed}, {@code t.Skipped},
 * {@code t.Omitted}, {@code t.Errored}; a bare {@code t} means succeeded or skipped) joined by
 * {@code &&}, {@code ||}, {@code !} and parentheses, as Argo reads it.
 */
final class Depends {
    private static final Pattern TOKEN = Pattern.compile("\\s*(&&|\\|\\||!|\\(|\\)|[A-Za-z0-9-]+(?:\\.[A-Za-z]+)?)");
    private static final Set<String> PHASES = Set.of("Succeeded", "Failed", "Skipped", "Omitted", "Errored");

    private final List<String> tokens;
    private int pos;
    private Map<String, String> phases;

    private Depends(String expr) {
        tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(expr);
        int at = 0;
        while (at < expr.length() && m.find(at) && m.start() == at) {
            tokens.add(m.group(1));
            at = m.end();
        }
        if (!expr.substring(at).isBlank()) {
            throw new UnsupportedTemplate("depends '" + expr + "': cannot read from '" + expr.substring(at) + "'");
        }
    }

    /** The tasks the expression names. */
    static Set<String> tasks(String expr) {
        Set<String> names = new LinkedHashSet<>();
        for (String t : new Depends(expr).tokens) {
            if (Character.isLetterOrDigit(t.charAt(0))) {
                names.add(t.contains(".") ? t.substring(0, t.indexOf('.')) : t);
            }
        }
        return names;
    }

    /** @param phases each finished task's phase (Succeeded, Failed, Skipped, Omitted) */
    static boolean holds(String expr, Map<String, String> phases) {
        Depends d = new Depends(expr);
        d.phases = phases;
        boolean v = d.or();
        if (d.pos != d.tokens.size()) {
            throw new UnsupportedTemplate("depends '" + expr + "': unexpected '" + d.tokens.get(d.pos) + "'");
        }
        return v;
    }

    private boolean or() {
        boolean v = and();
        while (pos < tokens.size() && tokens.get(pos).equals("||")) {
            pos++;
            v |= and();
        }
        return v;
    }

    private boolean and() {
        boolean v = unary();
        while (pos < tokens.size() && tokens.get(pos).equals("&&")) {
            pos++;
            v &= unary();
        }
        return v;
    }

    private boolean unary() {
        if (pos >= tokens.size()) {
            throw new UnsupportedTemplate("depends: ends too early");
        }
        String t = tokens.get(pos++);
        if (t.equals("!")) {
            return !unary();
        }
        if (t.equals("(")) {
            boolean v = or();
            if (pos >= tokens.size() || !tokens.get(pos++).equals(")")) {
                throw new UnsupportedTemplate("depends: unbalanced parentheses");
            }
            return v;
        }
        int dot = t.indexOf('.');
        String task = dot < 0 ? t : t.substring(0, dot);
        String phase = phases.get(task);
        if (phase == null) {
            throw new UnsupportedTemplate("depends names task '" + task + "', which has not finished or does not exist");
        }
        if (dot < 0) {
            return phase.equals("Succeeded") || phase.equals("Skipped");
        }
        String wanted = t.substring(dot + 1);
        if (!PHASES.contains(wanted)) {
            throw new UnsupportedTemplate("depends: unknown result '" + wanted + "' of task " + task);
        }
        return phase.equals(wanted);
    }
}
