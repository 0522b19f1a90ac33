package io.fewshot.cli;

import io.fewshot.contracts.sweep.SweepPlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code fsb plan}: the Argo workflow's plan step. Prints nothing but the JSON on stdout; with
 * {@code --store} it first writes {@code sweeps/<id>/plan.json}, which is how the registry learns the
 * sweep's cells and so can complete it (the Argo path has no {@code fsb submit} to write it).
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print a sweep's cells on stdout as a JSON array of RunSpec objects (and nothing else).")
public class PlanCommand implements Callable<Integer> {
    @ParentCommand
    Fsb fsb;

    @Mixin
    SweepSelection selection;

    @Option(names = "--store", description = "also write sweeps/<id>/plan.json to S3 (the id: --sweep-id or"
            + " $FSB_SWEEP_ID), so that the registry knows the sweep's cells")
    boolean store;

    @Option(names = "--sweep-id", paramLabel = "ID", description = "with --store: the sweep (default: $FSB_SWEEP_ID)")
    String sweepId;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        SweepPlan plan = selection.plan();
        if (store) {
            plan = plan.withSweepId(fsb.sweepId(sweepId));
            try (SweepObjects objects = new SweepObjects(connection.resolve(fsb.env()))) {
                objects.putPlan(plan);
            }
            fsb.err().println("wrote the plan of sweep " + plan.sweepId() + ": " + plan.cells().size() + " cells");
        } else if (sweepId != null) {
            throw new CliException("--sweep-id goes with --store");
        }
        fsb.out().println(PlanJson.cells(plan));
        fsb.out().flush();
        return 0;
    }
}
