package io.fewshot.ingest.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 7807 problem detail, sent as application/problem+json. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://fewshot.io/problems/";

    public static Response response(int status, String code, String title, String detail, String instance) {
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem(TYPE_BASE + code, title, status, detail, instance)).build();
    }
}
