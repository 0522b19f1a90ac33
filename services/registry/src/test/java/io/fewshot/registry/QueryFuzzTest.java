package io.fewshot.registry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.registry.support.LocalStackResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and hostile query and path parameters never make the API fail (5xx): they are answered,
 * or refused with a problem document. Seeded, bounded, 127.0.0.1 only.
 */
@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class QueryFuzzTest {
    static final List<String> NASTY = List.of("", " ", "-1", "0", "1", "2147483647", "2147483648", "-2147483649",
            "99999999999999999999999", "1e309", "NaN", "0x10", "1.5", "+3", "' OR '1'='1", "'; DROP TABLE runs; --",
            "\" OR 1=1 --", "%", "%25", "..", "../../etc/passwd", "a/b", "ü", "😀", "\u0000", "\t\n", "<script>",
            "omniglot", "maml", "evaluated", "json", "csv", "md", "null", "[]", "{}", "x".repeat(5000));
    static final List<String> PARAMS = List.of("sweep", "dataset", "method", "status", "page", "size", "way", "shot",
            "limit", "format");
    static final List<String> PATHS = List.of("/runs", "/runs/%s", "/sweeps", "/sweeps/%s", "/sweeps/%s/table",
            "/leaderboard");

    @TestHTTPResource("/")
    URL root;

    @Test
    void fuzzedQueryAndPathParametersNeverGiveA5xx() {
        Random random = new Random(20261127);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String path = String.format(pick(random, PATHS), pathValue(random));
            var request = given().urlEncodingEnabled(true);
            int n = random.nextInt(4);
            for (int p = 0; p < n; p++) {
                request = request.queryParam(pick(random, PARAMS), value(random));
            }
            Response r = request.get(path.replace("{", "%7B"));
            if (r.statusCode() >= 500) {
                failures.add(r.statusCode() + " " + path + " " + r.asString());
            } else if (r.statusCode() >= 400 && r.statusCode() != 414
                    && !r.contentType().startsWith("application/problem+json")) {
                // 414 (request line over 4 KiB) is refused by the HTTP layer before the API sees it.
                failures.add(r.statusCode() + " without a problem document: " + path);
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " bad answers, e.g. " + failures.stream().limit(5).toList());
        given().get("/runs").then().statusCode(200);
    }

    @Test
    void malformedPercentEncodingNeverGivesA5xx() throws Exception {
        for (String target : List.of("/runs?page=%zz", "/runs?size=%", "/runs/%", "/runs/%E0%A4%A", "/sweeps/%00/table",
                "/leaderboard?way=%2", "/runs?sweep=%C0%AF", "/runs?" + "a=1&".repeat(500))) {
            int status = rawGet(target);
            assertTrue(status > 0 && status < 500, target + " answered " + status);
        }
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String value(Random random) {
        if (random.nextInt(4) == 0) {
            StringBuilder s = new StringBuilder();
            int len = 1 + random.nextInt(12);
            for (int i = 0; i < len; i++) {
                s.appendCodePoint(random.nextInt(3) == 0 ? 0x20 + random.nextInt(0x2FF) : 0x21 + random.nextInt(94));
            }
            return s.toString();
        }
        return pick(random, NASTY);
    }

    private static String pathValue(Random random) {
        String v = value(random);
        return v.isEmpty() ? "x" : java.net.URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A request line sent as bytes, so that malformed escapes reach the server unchanged. */
    private int rawGet(String target) throws Exception {
        try (Socket s = new Socket("127.0.0.1", root.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String head = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return head.startsWith("HTTP/1.1 ") ? Integer.parseInt(head.substring(9, 12)) : -1;
        }
    }
}
