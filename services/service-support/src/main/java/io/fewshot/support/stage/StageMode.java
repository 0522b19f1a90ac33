package io.fewshot.support.stage;

import io.quarkus.runtime.annotations.CommandLineArguments;
import jakarta.inject.Singleton;

/**
 * Which of its two modes a stage process runs in, from its own command line: no arguments, the
 * service (consumes its topic until stopped); a command ({@code train ...}, {@code evaluate ...}),
 * one run as an Argo step. Beans that start at start-up ask this, before the command runs.
 */
@Singleton
public class StageMode {
    private final boolean command;
    private final boolean consume;

    public StageMode(@CommandLineArguments String[] args, StageConfig config) {
        this.command = args.length > 0;
        this.consume = config.consume();
    }

    public boolean command() {
        return command;
    }

    /** Service mode with consuming on: the stage's consumers start. */
    public boolean consuming() {
        return !command && consume;
    }
}
