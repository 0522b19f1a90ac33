package io.fewshot.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code fsb plan}: the Argo workflow's plan step. Prints nothing but the JSON on stdout. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print a sweep's cells on stdout as a JSON array of RunSpec objects (and nothing else).")
public class PlanCommand implements Callable<Integer> {
    @ParentCommand
    Fsb fsb;

    @Mixin
    SweepSelection selection;

    @Override
    public Integer call() {
        fsb.out().println(PlanJson.cells(selection.plan()));
        fsb.out().flush();
        return 0;
    }
}
