package io.fewshot.cli;

import io.fewshot.contracts.sweep.PaperTable;
import io.fewshot.contracts.sweep.Profile;
import io.fewshot.contracts.sweep.SweepPlan;
import io.fewshot.contracts.sweep.SweepPlanner;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Which cells a sweep has: a profile, optionally narrowed to some of the paper's datasets. */
public class SweepSelection {
    @Option(names = "--profile", required = true, paramLabel = "smoke|cpu|paper", converter = ProfileConverter.class,
            description = "sweep profile: smoke (minutes), cpu (real numbers on a CPU), paper (published schedules)")
    Profile profile;

    @Option(names = "--datasets", split = ",", paramLabel = "NAME",
            description = "only these datasets' cells, comma-separated: omniglot, mini-imagenet (default: both)")
    List<String> datasets;

    /** The planner's cells for the profile, narrowed to the datasets asked for. */
    public SweepPlan plan() {
        return plan(profile, datasets);
    }

    public Profile profile() {
        return profile;
    }

    public boolean datasetsGiven() {
        return datasets != null;
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
