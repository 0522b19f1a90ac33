package io.fewshot.cli;

/**
 * A failure the user can act on: its message is printed as is (no stack trace), and the process
 * exits with {@link #exitCode()}.
 */
public class CliException extends RuntimeException {
    /** Something outside fsb failed: a broker, an endpoint, the Kubernetes API. */
    public static final int FAILED = 1;
    /** The command line or the configuration is wrong (picocli uses 2 for its own usage errors). */
    public static final int USAGE = 2;
    /** {@code watch} gave up before the sweep completed. */
    public static final int TIMED_OUT = 3;

    private final int exitCode;

    public CliException(String message) {
        this(message, USAGE);
    }

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
