package io.fewshot.rest;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine;

/**
 * A service process's two modes: with no arguments it serves until stopped; with its one command
 * ({@code ingest ...}, {@code train ...}, {@code evaluate ...}) it runs that command and exits with its
 * code (picocli answers bad options with 2, the same as bad input). A command is a command-line tool,
 * not the service: its HTTP listener takes a free port, so it runs beside a service on the same port
 * (the registry's 8080 by default), unless the user chose a port.
 */
public final class ServiceMain {
    /** Exit codes every command shares; a service may add its own above them. */
    public static final int OK = 0;
    public static final int RETRYABLE = 1;
    public static final int FAILED = 2;

    static final String PORT_PROPERTY = "quarkus.http.port";
    static final String PORT_ENV = "QUARKUS_HTTP_PORT";

    private ServiceMain() {
    }

    /** The process's entry point: each service's {@code @QuarkusMain} class calls it from its static main. */
    public static void launch(Class<? extends QuarkusApplication> application, String... args) {
        commandPort(args, System.getProperties(), System.getenv())
                .ifPresent(port -> System.setProperty(PORT_PROPERTY, port));
        Quarkus.run(application, args);
    }

    /** The port a command listens on ("0": any free one), or empty: the service's own, or the user's. */
    static Optional<String> commandPort(String[] args, Properties properties, Map<String, String> env) {
        if (args.length == 0 || properties.containsKey(PORT_PROPERTY) || env.containsKey(PORT_ENV)) {
            return Optional.empty();
        }
        return Optional.of("0");
    }

    /**
     * What {@link QuarkusApplication#run} does once Quarkus has started.
     *
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
            System.err.println("unknown command '" + args[0] + "'; usage: (no arguments: the service) | " + usage);
            return FAILED;
        }
        return new CommandLine(command).execute(Arrays.copyOfRange(args, 1, args.length));
    }
}
