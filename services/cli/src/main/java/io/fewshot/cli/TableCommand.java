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

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        String id = fsb.sweepId(sweep);
        String table = new RegistryClient(connection.resolve(fsb.env()).registryUrl()).table(id, format);
        fsb.out().print(table.endsWith("\n") ? table : table + "\n");
        fsb.out().flush();
        return 0;
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
