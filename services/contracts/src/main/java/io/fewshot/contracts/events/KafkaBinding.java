package io.fewshot.contracts.events;

import java.nio.charset.StandardCharsets;

/**
 * How an event travels in a Kafka record: the CloudEvents Kafka protocol binding, structured mode.
 * The value is {@link EventCodec}'s JSON document and the record carries the header
 * {@value #CONTENT_TYPE_HEADER}: {@value #STRUCTURED_CONTENT_TYPE}; without that header a CloudEvents
 * client reads the record as binary mode and rejects it. The key is the event's subject.
 * Every producer, the dead-letter republish included, sets the header through this class.
 */
public final class KafkaBinding {
    public static final String CONTENT_TYPE_HEADER = "content-type";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    private KafkaBinding() {
    }

    /** The header's value as Kafka stores it (a fresh array: Kafka headers are mutable). */
    public static byte[] structuredContentType() {
        return STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);
    }
}
