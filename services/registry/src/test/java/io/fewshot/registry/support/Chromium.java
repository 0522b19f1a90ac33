package io.fewshot.registry.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium} package) driven over the DevTools protocol: a page is
 * loaded and JavaScript evaluated in it, so a test sees the DOM and the charts as a browser built
 * them. Only 127.0.0.1; a throwaway profile directory; no network services of Chromium's own.
 */
public final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private Chromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** For {@code @EnabledIf}. */
    public static boolean available() {
        return binary().isPresent();
    }

    /** {@code $CHROMIUM_BIN}, else chromium (or chromium-browser, google-chrome) on the PATH. */
    public static Optional<Path> binary() {
        Stream<Path> fromEnv = Optional.ofNullable(System.getenv("CHROMIUM_BIN")).map(Path::of).stream();
        Stream<Path> fromPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(p -> !p.isEmpty()).flatMap(p -> NAMES.stream().map(n -> Path.of(p, n)));
        return Stream.concat(fromEnv, fromPath).filter(Files::isExecutable).findFirst();
    }

    public static Chromium start() throws Exception {
        Path bin = binary().orElseThrow(() -> new IllegalStateException("chromium not found"));
        Path profile = Files.createTempDirectory("registry-chromium-");
        List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--no-first-run", "--no-default-browser-check",
                "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--window-size=1400,1200",
                "--user-data-dir=" + profile, "about:blank"));
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromium did not open its DevTools port: "
                            + Files.readString(profile.resolve("chromium.log")));
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String ws = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    ws = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (ws == null) {
                throw new IllegalStateException("chromium has no page target: " + targets);
            }
            Chromium[] self = new Chromium[1];
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
                private final StringBuilder message = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    message.append(data);
                    if (last) {
                        self[0].received(message.toString());
                        message.setLength(0);
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(30, TimeUnit.SECONDS);
            self[0] = new Chromium(process, profile, socket);
            return self[0];
        } catch (Exception e) {
            process.destroyForcibly();
            TempDirs.deleteQuietly(profile);
            throw e;
        }
    }

    private void received(String text) {
        try {
            JsonNode message = JSON.readTree(text);
            if (message.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(message.get("id").asInt());
                if (f != null) {
                    f.complete(message);
                }
            }
        } catch (IOException ignored) {
            // not a protocol message
        }
    }

    /** Sends one DevTools command and returns its {@code result}. */
    public JsonNode send(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.get("result");
    }

    public void navigate(String url) throws Exception {
        send("Page.navigate", JSON.createObjectNode().put("url", url));
    }

    /** Evaluates a JavaScript expression in the page and returns its value as JSON. */
    public JsonNode eval(String expression) throws Exception {
        JsonNode result = send("Runtime.evaluate", JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("page script failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Saves what the page looks like (a PNG), for a person to check the layout. */
    public void screenshot(Path file) throws Exception {
        JsonNode shot = send("Page.captureScreenshot", JSON.createObjectNode().put("format", "png")
                .put("captureBeyondViewport", true));
        Files.write(file, java.util.Base64.getDecoder().decode(shot.get("data").asText()));
    }

    /** Waits until the expression is truthy in the page. */
    public void waitFor(String what, String expression, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = eval("Boolean(" + expression + ")");
                if (last.asBoolean()) {
                    return;
                }
            } catch (IllegalStateException e) {
                last = JSON.getNodeFactory().textNode(e.getMessage());
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out waiting in the page for " + what + " (" + expression + "); last: " + last
                + "; page text: " + eval("document.body ? document.body.innerText : ''"));
    }

    @Override
    public void close() throws Exception {
        try {
            socket.abort();
        } finally {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
            TempDirs.deleteQuietly(profile);
        }
    }

}
