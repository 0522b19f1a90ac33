package io.fewshot.ml.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A run's checkpoint folder: {@code step-<n>.ckpt} (the newest two kept), {@code best.ckpt} (by
 * validation accuracy) and {@code final.ckpt} (the weights when training ended).
 */
public final class CheckpointStore {
    private static final int KEEP = 2;
    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    public Path saveStep(Checkpoint c) {
        Path file = dir.resolve("step-" + c.header().step() + ".ckpt");
        c.save(file);
        prune();
        return file;
    }

    public Path saveBest(Checkpoint c) {
        Path file = dir.resolve("best.ckpt");
        c.save(file);
        return file;
    }

    public Path saveFinal(Checkpoint c) {
        Path file = dir.resolve("final.ckpt");
        c.save(file);
        return file;
    }

    /** The step checkpoint with the highest step, if any. */
    public Optional<Path> latest() {
        List<Path> steps = steps();
        return steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1));
    }

    /** The checkpoint to evaluate: the best by validation when there is one, else the final. */
    public Optional<Path> forEvaluation() {
        Path best = dir.resolve("best.ckpt");
        if (Files.isRegularFile(best)) {
            return Optional.of(best);
        }
        Path fin = dir.resolve("final.ckpt");
        return Files.isRegularFile(fin) ? Optional.of(fin) : Optional.empty();
    }

    private List<Path> steps() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("step-\\d+\\.ckpt"))
                    .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long stepOf(Path p) {
        String n = p.getFileName().toString();
        return Long.parseLong(n.substring(5, n.length() - 5));
    }

    private void prune() {
        List<Path> steps = steps();
        for (int i = 0; i < steps.size() - KEEP; i++) {
            try {
                Files.deleteIfExists(steps.get(i));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
