package io.fewshot.trainer;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * One binary, two modes: no arguments, the service (consumes fsl.training.requested.v1 until
 * stopped); {@code train ...}, one run as an Argo step, with the exit code telling how it went.
 */
@QuarkusMain
public class TrainerMain implements QuarkusApplication {
    @Inject
    TrainCommand command;

    public static void main(String... args) {
        if (args.length > 0) {
            // Command mode must not also consume the topic: the consumer starts at start-up, before run().
            System.setProperty("trainer.consume", "false");
        }
        Quarkus.run(TrainerMain.class, args);
    }

    @Override
    public int run(String... args) {
        if (args.length == 0) {
            Quarkus.waitForExit();
            return 0;
        }
        if (!args[0].equals("train")) {
            System.err.println("usage: (no arguments: the service) | train --run-spec <file|json> [--run-id-file F]"
                    + " [--force] | train --pretrain-feature-extractor --dataset D --profile P");
            return TrainCommand.FAILED;
        }
        // picocli answers bad options with 2 (USAGE), the same as a bad spec.
        return new CommandLine(command)
                .execute(Arrays.copyOfRange(args, 1, args.length));
    }
}
