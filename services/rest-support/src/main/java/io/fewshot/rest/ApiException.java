package io.fewshot.rest;

import java.util.Locale;
import java.util.Map;

/**
 * A request a service refuses: the status, a slug that names the problem (the end of the problem's
 * type), a title and a detail that says what was wrong. {@link ProblemMappers} answers it as
 * problem+json with its headers. Services throw it, or extend it for their own refusals.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, String> headers;

    public ApiException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, Map.of());
    }

    public ApiException(int status, String slug, String title, String detail, Map<String, String> headers) {
        super(detail);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an API refusal needs a 4xx or 5xx status, was " + status);
        }
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad-request", "Bad request", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not-found", "Not found", detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "service-unavailable", "Service unavailable", detail);
    }

    /** The slug of a status's reason phrase ("Not Found" -> "not-found"). */
    static String slugOf(String reason) {
        return reason.toLowerCase(Locale.ROOT).replace(' ', '-');
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** Headers the answer carries besides the problem (e.g. WWW-Authenticate on a 401). */
    public Map<String, String> headers() {
        return headers;
    }
}
