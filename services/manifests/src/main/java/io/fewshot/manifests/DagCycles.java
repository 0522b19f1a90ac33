package io.fewshot.manifests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds a cycle in a dependency graph (task -> the tasks it depends on), if there is one. */
final class DagCycles {

    private DagCycles() {
    }

    /** One cycle as the list of tasks along it, first task repeated at the end: [a, b, a]. */
    static Optional<List<String>> find(Map<String, List<String>> dependsOn) {
        Map<String, Boolean> onPath = new HashMap<>();
        Set<String> done = new HashSet<>();
        for (String start : dependsOn.keySet()) {
            List<String> path = new ArrayList<>();
            Optional<List<String>> cycle = visit(start, dependsOn, onPath, done, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(String task, Map<String, List<String>> dependsOn,
                                                Map<String, Boolean> onPath, Set<String> done, List<String> path) {
        if (done.contains(task)) {
            return Optional.empty();
        }
        if (onPath.getOrDefault(task, false)) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(task), path.size()));
            cycle.add(task);
            return Optional.of(cycle);
        }
        onPath.put(task, true);
        path.add(task);
        for (String dependency : dependsOn.getOrDefault(task, List.of())) {
            Optional<List<String>> cycle = visit(dependency, dependsOn, onPath, done, path);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        onPath.put(task, false);
        done.add(task);
        return Optional.empty();
    }

    /** Every task that {@code task} waits for, directly or not. */
    static Set<String> ancestors(String task, Map<String, List<String>> dependsOn) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(dependsOn.getOrDefault(task, List.of()));
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (seen.add(next)) {
                todo.addAll(dependsOn.getOrDefault(next, List.of()));
            }
        }
        return seen;
    }
}
