package io.fewshot.cli;

import io.fewshot.cli.watch.BarView;
import io.fewshot.cli.watch.EventTable;
import io.fewshot.cli.watch.LogView;
import io.fewshot.cli.watch.SweepState;
import io.fewshot.cli.watch.SweepView;
import io.fewshot.cli.watch.SweepWatcher;
import io.fewshot.contracts.Terminal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fsb watch}: follows a sweep on Kafka with progress bars (or log lines), and when it completes
 * prints its tables: the registry's if it answers, else one built from the events seen.
 */
@Command(name = "watch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Follow a sweep's events until fsl.sweep.completed.v1 arrives, then print its tables on stdout.",
            "Progress goes to stderr: bars on a terminal, plain lines otherwise (or with --plain)."})
public class WatchCommand implements Callable<Integer> {
    @ParentCommand
    Fsb fsb;

    @Option(names = "--sweep", paramLabel = "ID", description = "the sweep (default: $FSB_SWEEP_ID)")
    String sweep;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "give up after this long, e.g. 90s, 30m, 2h (default: wait until the sweep completes)")
    Duration timeout;

    @Option(names = "--plain", description = "log lines instead of progress bars, even on a terminal")
    boolean plain;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        String id = fsb.sweepId(sweep);
        FsbConfig config = connection.resolve(fsb.env());
        SweepState state = new SweepState(id);
        readPlan(config, id).ifPresent(state::plan);
        fsb.err().println("watching sweep " + id + (state.total() > 0 ? " (" + state.total() + " cells planned)" : "")
                + " on Kafka at " + config.bootstrapServers() + (timeout == null ? "" : ", for at most " + human(timeout)));
        Instant deadline = timeout == null ? Instant.MAX : Instant.now().plus(timeout);
        boolean completed;
        try (SweepView view = view()) {
            completed = new SweepWatcher(config.bootstrapServers(), fsb.err(), Clock.systemUTC())
                    .follow(state, view, deadline);
        }
        fsb.err().println(completed ? "completed: " + state.summary() : "timed out after " + human(timeout) + ": "
                + state.summary());
        RegistryClient registry = new RegistryClient(config.registryUrl());
        Optional<String> table = completed ? registry.tableIfAvailable(id, TableFormat.MD) : Optional.empty();
        if (table.isEmpty() && completed) {
            fsb.err().println("(the registry at " + registry.base() + " did not give the table; built from events)");
        }
        String text = table.orElseGet(() -> EventTable.markdown(state));
        fsb.out().print(text.endsWith("\n") ? text : text + "\n");
        fsb.out().flush();
        if (!completed) {
            throw new CliException("sweep " + id + " did not complete within " + human(timeout), CliException.TIMED_OUT);
        }
        return 0;
    }

    private static String human(Duration d) {
        return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
    }

    /** The plan tells how many cells to expect before any has reported; a sweep may have none (Argo). */
    private Optional<io.fewshot.contracts.sweep.SweepPlan> readPlan(FsbConfig config, String id) {
        try (SweepObjects objects = new SweepObjects(config)) {
            return objects.plan(id);
        } catch (CliException e) {
            fsb.err().println("watch: no plan read (" + e.getMessage() + "); counting cells from events");
            return Optional.empty();
        }
    }

    private SweepView view() {
        if (plain || !Terminal.interactive(fsb.env(), Terminal::stderrIsTerminal)) {
            return new LogView(fsb.err());
        }
        return new BarView(() -> new InteractiveConsoleProgressBarConsumer(fsb.err()));
    }

    /** 90s, 30m, 2h, 1h30m or ISO-8601 (PT30M). */
    public static class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String v = value.trim().toUpperCase(java.util.Locale.ROOT);
            try {
                Duration d = Duration.parse(v.startsWith("P") ? v : "PT" + v);
                if (d.isNegative() || d.isZero()) {
                    throw new picocli.CommandLine.TypeConversionException("must be positive, was '" + value + "'");
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a duration; write e.g. 90s, 30m, 2h or 1h30m");
            }
        }
    }
}
