package io.fewshot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code fsb table}: the sweep's tables from the registry, ours beside the paper's (the Argo report step). */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = "Print a sweep's tables from the registry (REGISTRY_URL) on stdout.")
public class TableCommand implements Callable<Integer> {
    @ParentCommand
    Fsb fsb;

    @Option(names = "--sweep", paramLabel = "ID", description = "the sweep (default: $FSB_SWEEP_ID)")
    String sweep;

    @Option(names = "--format", paramLabel = "md|csv|json", defaultValue = "md",
            converter = FormatConverter.class, description = "md (default), csv or json")
    TableFormat format;

    @Option(names = "--wait-completed", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "first wait, at most this long (e.g. 10m), until the registry has completed the sweep:"
                    + " every cell evaluated or failed (the Argo report step; the registry consumes the last"
                    + " evaluations after the steps that produced them have ended)")
    java.time.Duration waitCompleted;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        String id = fsb.sweepId(sweep);
        RegistryClient registry = new RegistryClient(connection.resolve(fsb.env()).registryUrl());
        if (waitCompleted != null) {
            registry.awaitCompleted(id, waitCompleted);
        }
        String table = registry.table(id, format);
        fsb.out().print(table.endsWith("\n") ? table : table + "\n");
        fsb.out().flush();
        return 0;
    }

    /** 90s, 10m, 2h, or an ISO-8601 duration. */
    public static class DurationConverter implements picocli.CommandLine.ITypeConverter<java.time.Duration> {
        @Override
        public java.time.Duration convert(String value) {
            String v = value.trim().toLowerCase(java.util.Locale.ROOT);
            try {
                return v.startsWith("p") ? java.time.Duration.parse(v.toUpperCase(java.util.Locale.ROOT))
                        : java.time.Duration.parse("PT" + v.toUpperCase(java.util.Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a duration (e.g. 90s, 10m, 2h)");
            }
        }
    }

    /** md, markdown, csv or json, with a message that lists them. */
    public static class FormatConverter implements picocli.CommandLine.ITypeConverter<TableFormat> {
        @Override
        public TableFormat convert(String value) {
            return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "md", "markdown" -> TableFormat.MD;
                case "csv" -> TableFormat.CSV;
                case "json" -> TableFormat.JSON;
                default -> throw new picocli.CommandLine.TypeConversionException("unknown format '" + value + "'; expected md, csv or json");
            };
        }
    }
}
