package io.fewshot.support.stage;

import io.quarkus.runtime.Quarkus;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * A stage process's two modes ({@link StageMode}): with no arguments it serves until stopped; with
 * its one command it runs that command and exits with its code (picocli answers bad options with 2,
 * the same as bad input).
 */
public final class StageMain {
    /** Exit codes every stage command shares; a stage may add its own above them. */
    public static final int OK = 0;
    public static final int RETRYABLE = 1;
    public static final int FAILED = 2;

    private StageMain() {
    }

    /**
     * @param name    the command, e.g. "train"
     * @param usage   what the command takes, for the usage line
     * @param command the picocli command object
     */
    public static int run(String[] args, String name, String usage, Object command) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return OK;
        }
        if (!args[0].equals(name)) {
            System.err.println("usage: (no arguments: the service) | " + usage);
            return FAILED;
        }
        return new CommandLine(command).execute(Arrays.copyOfRange(args, 1, args.length));
    }
}
