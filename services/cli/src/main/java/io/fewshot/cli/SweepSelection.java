package io.fewshot.cli;

import io.fewshot.contracts.sweep.Cell;
import io.fewshot.contracts.sweep.Column;
import io.fewshot.contracts.sweep.PaperTable;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.contracts.sweep.SweepPlanner;
import io.fewshot.contracts.sweep.TableRow;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Which cells a sweep has: a profile, optionally narrowed to some datasets, table rows and columns. */
public class SweepSelection {
    @Option(names = "--profile", required = true, paramLabel = "smoke|quick|cpu|paper",
            converter = ProfileConverter.class, description = "sweep profile: smoke (plumbing, minutes), quick (short"
                    + " real measurements: Omniglot in 20 minutes on 2 cores), cpu (hours on a CPU), paper (published"
                    + " schedules)")
    Profile profile;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME",
            description = "only these datasets' cells, comma-separated: omniglot, mini-imagenet (default: both)")
    List<String> datasets;

    @Option(names = "--rows", split = ",", paramLabel = "ROW",
            description = "only these table rows: matching-nets, protonet, maml, meta-sgd, amortized-bnn-1,"
                    + " amortized-bnn-5 (default: all)")
    List<String> rows;

    @Option(names = "--configs", split = ",", paramLabel = "NwKs",
            description = "only these columns, N-way K-shot: 5w1s, 5w5s, 20w1s, 20w5s (default: all)")
    List<String> configs;

    /**
     * The planner's cells for the profile, narrowed to the datasets, rows and columns asked for. An
     * empty --rows or --configs ("") means all of them: the Argo template passes its parameters as they are.
     */
    public SweepPlan plan() {
        SweepPlan plan = plan(profile, datasets);
        List<String> rows = blankIsAll(this.rows);
        List<String> configs = blankIsAll(this.configs);
        if (rows == null && configs == null) {
            return plan;
        }
        Set<TableRow> wantedRows = rows == null ? EnumSet.allOf(TableRow.class) : checkedRows(rows);
        Set<String> wantedConfigs = configs == null ? null : checkedConfigs(configs);
        List<Cell> kept = plan.cells().stream().filter(c -> wantedRows.contains(c.row()))
                .filter(c -> wantedConfigs == null || wantedConfigs.contains(c.column().label())).toList();
        if (kept.isEmpty()) {
            throw new CliException("no cell of the " + profile.id() + " profile matches --datasets/--rows/--configs");
        }
        return SweepPlan.of(profile, kept);
    }

    private static List<String> blankIsAll(List<String> names) {
        return names == null || names.stream().allMatch(String::isBlank) ? null : names;
    }

    private static Set<TableRow> checkedRows(List<String> names) {
        Set<TableRow> wanted = EnumSet.noneOf(TableRow.class);
        for (String name : names) {
            if (!name.isBlank()) {
                try {
                    wanted.add(TableRow.fromId(name.trim()));
                } catch (IllegalArgumentException e) {
                    throw new CliException("--rows: " + e.getMessage());
                }
            }
        }
        if (wanted.isEmpty()) {
            throw new CliException("--rows: name at least one row");
        }
        return wanted;
    }

    private static Set<String> checkedConfigs(List<String> labels) {
        Set<String> known = Arrays.stream(PaperTable.values()).flatMap(t -> t.columns().stream()).map(Column::label)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> wanted = new LinkedHashSet<>();
        for (String raw : labels) {
            String label = raw.trim();
            if (label.isEmpty()) {
                continue;
            }
            if (!known.contains(label)) {
                throw new CliException("--configs: unknown configuration '" + label + "'; expected one of "
                        + String.join(", ", known));
            }
            wanted.add(label);
        }
        if (wanted.isEmpty()) {
            throw new CliException("--configs: name at least one of " + String.join(", ", known));
        }
        return wanted;
    }

    public Profile profile() {
        return profile;
    }

    static SweepPlan plan(Profile profile, List<String> datasets) {
        SweepPlan all = SweepPlanner.plan(profile);
        if (datasets == null) {
            return all;
        }
        Set<String> wanted = checkedDatasets(datasets);
        return all.filter(cell -> wanted.contains(cell.spec().dataset()));
    }

    private static Set<String> checkedDatasets(List<String> names) {
        Set<String> known = Arrays.stream(PaperTable.values()).map(PaperTable::dataset)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> wanted = new LinkedHashSet<>();
        for (String raw : names) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!known.contains(name)) {
                throw new CliException("--datasets: unknown dataset '" + name + "'; expected one of "
                        + String.join(", ", known));
            }
            wanted.add(name);
        }
        if (wanted.isEmpty()) {
            throw new CliException("--datasets: name at least one of " + String.join(", ", known));
        }
        return wanted;
    }

    /** Turns {@code --profile x} into a Profile, with the contract's message for an unknown one. */
    public static class ProfileConverter implements ITypeConverter<Profile> {
        @Override
        public Profile convert(String value) {
            try {
                return Profile.fromId(value.trim());
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
