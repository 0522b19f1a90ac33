package io.fewshot.contracts.events;

/**
 * The one dead-letter format: a record that cannot be processed is republished, key, value and
 * headers as they came, to its topic's {@code .dlq} twin ({@link io.fewshot.contracts.Topics#dlq})
 * with these headers added (UTF-8 text). Every consumer parks records this way, so one tool reads
 * every DLQ.
 */
public final class DeadLetterHeaders {
    /** Why the record was parked: the exception's class and message. */
    public static final String ERROR = "fsb.error";
    /** Where it came from: the source topic, partition (decimal) and offset (decimal). */
    public static final String SOURCE_TOPIC = "fsb.source-topic";
    public static final String SOURCE_PARTITION = "fsb.source-partition";
    public static final String SOURCE_OFFSET = "fsb.source-offset";

    private DeadLetterHeaders() {
    }
}
