package io.fewshot.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fewshot.ml.methods.MetaLearner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * The engine's packages form a layering (nn, data below methods; bnn and eval above methods; train above them),
 * read from the compiled classes with the JDK's jdeps, so that fully qualified names and constants count too.
 */
class PackageCycleTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(io\\.fewshot\\.ml[\\w.]*)\\s+->\\s+(io\\.fewshot\\.ml[\\w.]*)\\s");

    @Test
    void noEnginePackageDependsOnItselfThroughAnother() throws URISyntaxException {
        Map<String, Set<String>> graph = packageGraph();
        assertTrue(graph.getOrDefault("io.fewshot.ml.train", Set.of()).contains("io.fewshot.ml.methods"),
                "jdeps found no edge train -> methods; the graph read is " + graph);
        List<String> cycle = findCycle(graph);
        assertEquals(List.of(), cycle, "package cycle " + String.join(" -> ", cycle));
    }

    private static Map<String, Set<String>> packageGraph() throws URISyntaxException {
        Path classes = Path.of(MetaLearner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new AssertionError("no jdeps in this JDK"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = jdeps.run(new PrintWriter(out), new PrintWriter(err), "-verbose:package", "-filter:none",
                classes.toString());
        if (exit != 0) {
            fail("jdeps exited " + exit + ": " + err);
        }
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().lines().toList()) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return graph;
    }

    /** A cycle as the packages along it (the first repeated at the end), or empty when the graph has none. */
    static List<String> findCycle(Map<String, Set<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            List<String> cycle = walk(start, graph, new ArrayDeque<>(), done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    private static List<String> walk(String node, Map<String, Set<String>> graph, Deque<String> path,
            Set<String> done) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean in = false;
            for (var it = path.descendingIterator(); it.hasNext(); ) {
                String p = it.next();
                in |= p.equals(node);
                if (in) {
                    cycle.add(p);
                }
            }
            cycle.add(node);
            return cycle;
        }
        if (!done.add(node)) {
            return List.of();
        }
        path.push(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            List<String> cycle = walk(next, graph, path, done);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.pop();
        return List.of();
    }
}
