package io.fewshot.evaluator;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * One binary, two modes: no arguments, the service (consumes fsl.training.completed.v1 until
 * stopped); {@code evaluate --run-id <id>}, one run as an Argo step, the exit code telling how it went.
 */
@QuarkusMain
public class EvaluatorMain implements QuarkusApplication {
    @Inject
    EvaluateCommand command;

    public static void main(String... args) {
        if (args.length > 0) {
            // Command mode must not also consume the topic: the consumer starts at start-up, before run().
            System.setProperty("evaluator.consume", "false");
        }
        Quarkus.run(EvaluatorMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (!args[0].equals("evaluate")) {
            System.err.println("usage: (no arguments: the service) | evaluate --run-id <id>");
            return EvaluateCommand.FAILED;
        }
        return new CommandLine(command).execute(Arrays.copyOfRange(args, 1, args.length));
    }
}
