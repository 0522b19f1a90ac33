package io.fewshot.ingest.cli;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import picocli.CommandLine;

/**
 * One binary, two modes: with no arguments the REST service runs until stopped; with
 * {@code ingest --name ... --source ...} one ingest runs (an Argo step) and the exit code tells how it went.
 */
@QuarkusMain
public class IngestMain implements QuarkusApplication {
    @Inject
    IngestCommand command;

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (!args[0].equals("ingest")) {
            System.err.println("unknown command '" + args[0] + "'; usage: ingest --name <name> --source <url-or-path>"
                    + " [--sha256 ...], or no arguments to run the service");
            return IngestCommand.BAD_INPUT;
        }
        return new CommandLine(command).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
}
