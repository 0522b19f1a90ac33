package io.fewshot.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Processes one Kafka record for a {@link RecordLoop}. Returning means the record's effects are
 * durable, so its offset may be committed. Throw {@link Unprocessable} (or let a
 * {@code ContractViolation} escape) for a message no retry can help: it goes to the DLQ. Throw
 * {@link Abandoned} when the service is stopping: the offset stays uncommitted and the record
 * comes back after a restart. Anything else is retried a few times, then dead-lettered.
 */
@FunctionalInterface
public interface RecordHandler {
    void handle(ConsumerRecord<String, byte[]> record) throws Exception;

    /** The message itself is bad (malformed, contradictory): dead-letter it at once. */
    final class Unprocessable extends RuntimeException {
        public Unprocessable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The work was interrupted by a shutdown; it must be redelivered, not committed. */
    final class Abandoned extends RuntimeException {
        public Abandoned(String message) {
            super(message);
        }
    }
}
