package io.fewshot.contracts;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Whether progress may be drawn in place (carriage returns, cursor moves): only when stderr, where
 * every tool draws its progress, is a terminal that is not {@code TERM=dumb}. Elsewhere (a log file,
 * a pipe, CI) the tools print a plain line every few seconds instead: a bar redrawn in a file is
 * hundreds of kilobytes of carriage returns. The one test every command-line tool of the project asks.
 */
public final class Terminal {
    private Terminal() {
    }

    /** For this process: its stderr and its environment. */
    public static boolean interactive() {
        return interactive(System.getenv(), Terminal::stderrIsTerminal);
    }

    /** @param stderrIsTerminal whether stderr is a terminal device */
    public static boolean interactive(Map<String, String> env, BooleanSupplier stderrIsTerminal) {
        return !"dumb".equals(env.get("TERM")) && stderrIsTerminal.getAsBoolean();
    }

    /**
     * Whether stderr is a terminal: stdout may be redirected (a table into a file) while stderr still
     * shows progress. Linux tells through /proc; elsewhere, the JVM's console.
     */
    public static boolean stderrIsTerminal() {
        try {
            String target = Path.of("/proc/self/fd/2").toRealPath().toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return System.console() != null;
        }
    }
}
