package io.fewshot.ingest.cli;

import io.fewshot.rest.ServiceMain;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * One binary, two modes: with no arguments the REST service runs until stopped; with
 * {@code ingest --name ... --source ...} one ingest runs (an Argo step) and the exit code tells how it went.
 */
@QuarkusMain
public class IngestMain implements QuarkusApplication {
    @Inject
    IngestCommand command;

    public static void main(String... args) {
        ServiceMain.launch(IngestMain.class, args);
    }

    @Override
    public int run(String... args) {
        return ServiceMain.run(args, "ingest", "ingest --name <name> --source <url-or-path> [--sha256 ...]", command);
    }
}
