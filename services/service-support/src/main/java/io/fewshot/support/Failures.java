package io.fewshot.support;

import io.fewshot.platform.s3.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaException;

/** Whether a failed run may succeed if the same request is tried again, and how to say what failed. */
public final class Failures {
    private Failures() {
    }

    /**
     * True for failures of the surroundings (storage, network, Kafka); false for failures of the run
     * itself (a bad spec, an unsupported method, a diverged loss) and for a dataset that is not in the
     * bucket: the same request cannot succeed until someone ingests it (ingest checks dataset names, so
     * a spelling mismatch cannot be the cause), and retrying would only repeat the failure.
     */
    public static boolean retryable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StorageException || c instanceof IOException || c instanceof UncheckedIOException
                    || c instanceof KafkaException || c instanceof TimeoutException || c instanceof OutOfMemoryError) {
                return true;
            }
        }
        return false;
    }

    /** One line for a person: the exception's message, with its root cause when that says more. */
    public static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String head = t.getClass().getSimpleName() + ": " + t.getMessage();
        return root == t ? head : head + " (cause: " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
