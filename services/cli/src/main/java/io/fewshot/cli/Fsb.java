package io.fewshot.cli;

import io.fewshot.contracts.ContractViolation;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fsb}, the sweep's command line. stdout carries only results (the plan's JSON, a sweep id,
 * a table), so scripts and Argo can read it; everything else goes to stderr.
 */
@Command(name = "fsb", mixinStandardHelpOptions = true, version = "fsb 0.1.0",
        subcommands = {PlanCommand.class, SubmitCommand.class, WatchCommand.class, TableCommand.class},
        description = "Plan, submit and follow the few-shot benchmark sweep; print its tables.",
        footer = {"", "Exit codes: 0 done, 1 a service or endpoint failed, 2 bad usage, 3 watch timed out."})
public class Fsb implements Runnable {
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    @Spec
    CommandSpec spec;

    public Fsb(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new Fsb(System.getenv(), out, err).execute(args));
    }

    /** Runs one command line; returns the exit code. */
    public int execute(String... args) {
        CommandLine cl = new CommandLine(this);
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            String name = cmd.getCommandSpec().qualifiedName();
            if (ex instanceof CliException c) {
                err.println(name + ": " + c.getMessage());
                return c.exitCode();
            }
            if (ex instanceof ContractViolation || ex instanceof IllegalArgumentException) {
                err.println(name + ": " + ex.getMessage());
                return CliException.USAGE;
            }
            err.println(name + ": unexpected error: " + ex);
            ex.printStackTrace(err);
            return CliException.FAILED;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a command: plan, submit, watch or table (see --help)");
    }

    Map<String, String> env() {
        return env;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** The sweep id from an option, else from FSB_SWEEP_ID (how Argo's steps get it). */
    String sweepId(String option) {
        String id = option != null ? option : env.get("FSB_SWEEP_ID");
        if (id == null || id.isBlank()) {
            throw new CliException("--sweep is required (or set FSB_SWEEP_ID)");
        }
        return SweepIds.check(id.trim());
    }
}
