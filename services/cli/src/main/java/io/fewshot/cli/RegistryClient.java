package io.fewshot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The registry's REST API, the parts fsb reads: {@code GET /sweeps/{id}/table?format=md|csv|json},
 * rendered by the registry itself so that every client prints the same table.
 */
public final class RegistryClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final HttpClient http;

    public RegistryClient(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** The sweep's table in {@code format}, or a clear error naming the registry and what it said. */
    public String table(String sweepId, TableFormat format) {
        URI uri = base.resolve("/sweeps/" + SweepIds.check(sweepId) + "/table?format=" + format.id());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Accept", format.mediaType()).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException e) {
            throw new CliException("the registry at " + base + " is not reachable (connection refused); start it, or"
                    + " point fsb at it with --registry or REGISTRY_URL", CliException.FAILED, e);
        } catch (IOException e) {
            throw new CliException("the registry at " + base + " did not answer: " + e, CliException.FAILED, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", CliException.FAILED, e);
        }
        if (response.statusCode() == 404) {
            throw new CliException("the registry at " + base + " has no sweep '" + sweepId + "'"
                    + detail(response.body()), CliException.FAILED);
        }
        if (response.statusCode() != 200) {
            throw new CliException("the registry at " + base + " answered HTTP " + response.statusCode() + " for "
                    + uri.getPath() + detail(response.body()), CliException.FAILED);
        }
        if (format == TableFormat.JSON) {
            checkJson(response.body());
        }
        return response.body();
    }

    /**
     * Polls {@code GET /sweeps/{id}} until the registry says the sweep completed ({@code completedAt}
     * set); an unknown sweep or an unreachable registry is waited for too, until the deadline.
     */
    public void awaitCompleted(String sweepId, Duration atMost) {
        URI uri = base.resolve("/sweeps/" + SweepIds.check(sweepId));
        long deadline = System.nanoTime() + atMost.toNanos();
        String last = "no answer yet";
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                        .header("Accept", "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() == 200) {
                    JsonNode sweep = JSON.readTree(r.body()).path("sweep");
                    if (sweep.hasNonNull("completedAt")) {
                        return;
                    }
                    last = sweep.path("evaluated").asInt() + " of " + sweep.path("cells").asInt() + " cells evaluated, "
                            + sweep.path("failed").asInt() + " failed" + (sweep.path("planned").asBoolean()
                                    ? "" : "; no plan (sweeps/" + sweepId + "/plan.json) read yet");
                } else {
                    last = "HTTP " + r.statusCode() + detail(r.body());
                }
            } catch (IOException e) {
                last = "not reachable: " + e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted", CliException.FAILED, e);
            }
            if (System.nanoTime() > deadline) {
                throw new CliException("the registry at " + base + " did not complete sweep " + sweepId + " within "
                        + atMost + " (" + last + ")", CliException.FAILED);
            }
            try {
                Thread.sleep(2_000); // polling a state with a deadline
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException("interrupted", CliException.FAILED, e);
            }
        }
    }

    /** As {@link #table}, or empty when the registry cannot give it (down, or the sweep unknown to it). */
    public Optional<String> tableIfAvailable(String sweepId, TableFormat format) {
        try {
            return Optional.of(table(sweepId, format));
        } catch (CliException e) {
            return Optional.empty();
        }
    }

    public URI base() {
        return base;
    }

    private void checkJson(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject() || !root.has("tables")) {
                throw new CliException("the registry at " + base + " answered a table that is not the expected JSON"
                        + " (an object with \"tables\")", CliException.FAILED);
            }
        } catch (IOException e) {
            throw new CliException("the registry at " + base + " answered invalid JSON: " + e.getMessage(),
                    CliException.FAILED, e);
        }
    }

    /** The RFC 7807 problem's detail, when the body is one. */
    private static String detail(String body) {
        try {
            JsonNode problem = JSON.readTree(body);
            if (problem != null && problem.hasNonNull("detail")) {
                return ": " + problem.get("detail").asText();
            }
        } catch (IOException e) {
            // not JSON: nothing more to say
        }
        return "";
    }
}
