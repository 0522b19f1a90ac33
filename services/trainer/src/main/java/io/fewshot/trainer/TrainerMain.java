package io.fewshot.trainer;

import io.fewshot.rest.ServiceMain;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;

/**
 * One binary, two modes: no arguments, the service (consumes fsl.training.requested.v1 until
 * stopped); {@code train ...}, one run as an Argo step, with the exit code telling how it went.
 */
@QuarkusMain
public class TrainerMain implements QuarkusApplication {
    @Inject
    TrainCommand command;

    public static void main(String... args) {
        ServiceMain.launch(TrainerMain.class, args);
    }

    @Override
    public int run(String... args) {
        return ServiceMain.run(args, "train", "train --run-spec <file|json> [--run-id-file F] [--force]"
                + " | train --pretrain-feature-extractor --dataset D --profile P", command);
    }
}
