package io.fewshot.evaluator;

import io.fewshot.rest.ServiceMain;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * One binary, two modes: no arguments, the service (consumes fsl.training.completed.v1 until
 * stopped); {@code evaluate --run-id <id>}, one run as an Argo step, the exit code telling how it went.
 */
@QuarkusMain
public class EvaluatorMain implements QuarkusApplication {
    @Inject
    EvaluateCommand command;

    public static void main(String... args) {
        ServiceMain.launch(EvaluatorMain.class, args);
    }

    @Override
    public int run(String... args) {
        return ServiceMain.run(args, "evaluate", "evaluate --run-id <id>", command);
    }
}
