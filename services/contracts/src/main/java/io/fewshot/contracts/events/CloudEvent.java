package io.fewshot.contracts.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fewshot.contracts.ContractViolation;
import io.fewshot.contracts.Nullable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the attributes and the payload in one document.
 * {@code type} and {@code subject} are not free: they must be the payload's {@link EventKind#type()}
 * and {@link EventData#key()}, so a message's envelope can never contradict its content.
 *
 * @param id              unique per event (a UUID); a redelivered message keeps its id
 * @param source          the producer, a URI reference such as {@code /fewshot/trainer} (see {@link Sources})
 * @param specversion     always {@value #SPEC_VERSION}
 * @param time            when the event was produced, RFC 3339 in JSON
 * @param subject         the Kafka key: run id, dataset id or sweep id
 * @param datacontenttype always {@value #JSON}; may be absent in incoming events
 */
public record CloudEvent<T extends EventData>(
        String id,
        String source,
        String type,
        String specversion,
        Instant time,
        String subject,
        @Nullable String datacontenttype,
        T data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";
    private static final String SELF = "CloudEvent";

    public CloudEvent {
        require(id != null && !id.isBlank(), "id", "must be set");
        require(source != null && isUriReference(source), "source", "must be a URI reference, was " + source);
        require(SPEC_VERSION.equals(specversion), "specversion", "expected " + SPEC_VERSION + ", was " + specversion);
        require(time != null, "time", "must be set");
        require(data != null, "data", "must be set");
        String expectedType = EventKind.of(data.getClass()).type();
        require(expectedType.equals(type), "type", "expected " + expectedType + " for a "
                + data.getClass().getSimpleName() + ", was " + type);
        require(data.key().equals(subject), "subject", "expected '" + data.key() + "' (the payload's key), was "
                + (subject == null ? "null" : "'" + subject + "'"));
        if (datacontenttype == null) {
            datacontenttype = JSON;
        }
        require(datacontenttype.equals(JSON) || datacontenttype.startsWith(JSON + ";"), "datacontenttype",
                "expected " + JSON + ", was " + datacontenttype);
    }

    /** A new event from {@code source} carrying {@code data}: fresh id, current time (to the millisecond). */
    public static <T extends EventData> CloudEvent<T> of(String source, T data) {
        return new CloudEvent<>(UUID.randomUUID().toString(), source, EventKind.of(data.getClass()).type(),
                SPEC_VERSION, Instant.now().truncatedTo(ChronoUnit.MILLIS), data.key(), JSON, data);
    }

    @JsonIgnore
    public EventKind kind() {
        return EventKind.of(data.getClass());
    }

    /** The topic this event is published to. */
    @JsonIgnore
    public String topic() {
        return kind().topic();
    }

    private static void require(boolean ok, String field, String problem) {
        ContractViolation.require(ok, SELF, field, problem);
    }

    private static boolean isUriReference(String s) {
        if (s.isBlank()) {
            return false;
        }
        try {
            new URI(s);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
