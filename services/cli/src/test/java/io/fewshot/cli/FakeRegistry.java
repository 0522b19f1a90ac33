package io.fewshot.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the registry's REST API on 127.0.0.1: answers {@code GET /sweeps/{id}/table?format=f}
 * with canned bodies (what the registry's SweepsResource serves), a problem+json 404 for other sweeps,
 * and records what it was asked.
 */
final class FakeRegistry implements AutoCloseable {
    /** A registry table as JSON (SweepTable: fractions), trimmed to one table, one row and one cell. */
    static final String TABLE_JSON = """
            {"sweep":{"sweepId":"s1","profile":"smoke","cells":1,"evaluated":1,"failed":0,"pending":0},
             "tables":[{"number":1,"title":"Omniglot","dataset":"omniglot","split":"vinyals",
               "columns":[{"id":"5w1s","header":"5-way 1-shot","way":5,"shot":1}],
               "rows":[{"row":"protonet","label":"Prototypical Nets","cells":[{"column":"5w1s","paperAccuracy":0.988,
                 "runId":"omniglot-protonet-5w1s-0123456789ab","status":"evaluated","accuracy":0.951,"ci95":0.004,
                 "ece":0.012,"difference":-0.037,"verdict":"below"}]}]}],
             "otherRuns":[]}
            """;
    static final String TABLE_MD = "# Sweep s1\n\n| Method | 5-way 1-shot |\n|---|---|\n"
            + "| Prototypical Nets | 95.1 ± 0.4; paper 98.8 (-3.7); ECE 0.012 |\n";
    static final String TABLE_CSV = "table,dataset,split,row,method,way,shot,run_id,status,accuracy_pct\n"
            + "1,omniglot,vinyals,protonet,Prototypical Nets,5,1,omniglot-protonet-5w1s-0123456789ab,evaluated,95.10\n";

    private final HttpServer server;
    private final Map<String, String> tables = new ConcurrentHashMap<>();
    /** GET /sweeps/{id}: the answers to give, one per request; the last one repeats. */
    private final Map<String, java.util.Deque<String>> sweeps = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    FakeRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/sweeps/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            requests.add(exchange.getRequestMethod() + " " + path + "?" + query + " Accept: "
                    + exchange.getRequestHeaders().getFirst("Accept"));
            String sweep = path.replaceFirst("^/sweeps/([^/]+)(/table)?$", "$1");
            String format = query == null ? "json" : query.replaceFirst("^.*format=([a-z]+).*$", "$1");
            String body = path.endsWith("/table") ? tables.get(sweep + "/" + format) : nextState(sweep);
            int status = body == null ? 404 : 200;
            String type = body == null ? "application/problem+json" : contentType(format);
            if (body == null) {
                body = "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no sweep '" + sweep + "'\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", type);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Serves {@code body} for the sweep's table in {@code format} (md, csv, json). */
    FakeRegistry serve(String sweepId, String format, String body) {
        tables.put(sweepId + "/" + format, body);
        return this;
    }

    /** Answers GET /sweeps/{id} with these SweepDetail bodies in turn, the last one from then on. */
    FakeRegistry serveSweep(String sweepId, String... details) {
        sweeps.put(sweepId, new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(details)));
        return this;
    }

    private String nextState(String sweepId) {
        java.util.Deque<String> answers = sweeps.get(sweepId);
        if (answers == null) {
            return null;
        }
        return answers.size() > 1 ? answers.poll() : answers.peek();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static String contentType(String format) {
        return switch (format) {
            case "md" -> "text/markdown; charset=utf-8";
            case "csv" -> "text/csv; charset=utf-8";
            default -> "application/json";
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
