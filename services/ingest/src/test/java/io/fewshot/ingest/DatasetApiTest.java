package io.fewshot.ingest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusTest
@QuarkusTestResource(LocalStackResource.class)
class DatasetApiTest {
    private static final String PROBLEM = "application/problem+json";

    @TempDir
    Path dir;

    private static JsonPath awaitJob(String location) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonPath job = given().get(location).then().statusCode(200).extract().jsonPath();
            String state = job.getString("state");
            if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + location + " did not finish");
    }

    @Test
    void postAnswers202WithLocationAndTheCommittedDatasetIsListedAndReadable() throws Exception {
        Path folder = Fixtures.folder(dir.resolve("mini"), Fixtures.miniFolders(1, 2));
        Response posted = writer().contentType(ContentType.JSON)
                .body(Map.of("name", "api-mini", "format", "mini-imagenet", "source", folder.toString(),
                        "imagesPerClass", 2))
                .post("/datasets");
        posted.then().statusCode(202).header("Location", containsString("/jobs/"))
                .body("state", startsWith("")).body("dataset", equalTo("api-mini"));
        JsonPath job = awaitJob(posted.getHeader("Location"));
        assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        assertEquals(1.0, job.getDouble("progress"));
        String version = job.getString("result.version");

        given().get("/datasets/api-mini/" + version).then().statusCode(200)
                .body("name", equalTo("api-mini")).body("classes.size()", equalTo(3))
                .body("splits.ravi.train[0]", equalTo("n00000000"));
        given().get("/datasets").then().statusCode(200).body("name", hasItem("api-mini"))
                .body("manifestKey", hasItem("datasets/api-mini/" + version + "/manifest.json"));
    }

    @Test
    void aSecondRequestForADatasetBeingIngestedGets409AndTheFirstStillCommitsFromItsUrl() throws Exception {
        byte[] zip = Files.readAllBytes(Fixtures.zip(dir.resolve("mini.zip"), Fixtures.miniRavi(1, 2)));
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/mini.zip", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, zip.length);
            exchange.getResponseBody().write(zip);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/mini.zip";
            Map<String, Object> body = Map.of("name", "api-slow", "format", "mini-imagenet", "source", url,
                    "imagesPerClass", 2);
            String location = writer().contentType(ContentType.JSON).body(body).post("/datasets")
                    .then().statusCode(202).extract().header("Location");
            writer().contentType(ContentType.JSON).body(body).post("/datasets")
                    .then().statusCode(409).contentType(PROBLEM).body("status", equalTo(409))
                    .body("detail", containsString("api-slow"));
            release.countDown();
            JsonPath job = awaitJob(location);
            assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        } finally {
            release.countDown();
            server.stop(0);
        }
    }

    @Test
    void aJobThatFailsReportsItsErrorCode() throws Exception {
        String location = writer().contentType(ContentType.JSON)
                .body(Map.of("name", "api-missing", "source", dir.resolve("nothing-here").toString(),
                        "format", "mini-imagenet"))
                .post("/datasets").then().statusCode(202).extract().header("Location");
        JsonPath job = awaitJob(location);
        assertEquals("FAILED", job.getString("state"));
        assertEquals("source-unreachable", job.getString("error.code"));
    }

    /** A request with the ingest write token, as every write needs. */
    private static RequestSpecification writer() {
        return given().header("Authorization", "Bearer " + LocalStackResource.WRITE_TOKEN);
    }

    @Test
    void anIngestWithoutTheWriteTokenIs401() {
        Map<String, Object> body = Map.of("name", "omniglot", "source", dir.toString());
        given().contentType(ContentType.JSON).body(body).post("/datasets")
                .then().statusCode(401).contentType(PROBLEM).body("detail", containsString("Authorization: Bearer"))
                .header("WWW-Authenticate", equalTo("Bearer realm=\"fewshot-ingest\""));
        given().header("Authorization", "Bearer not-the-token").contentType(ContentType.JSON).body(body)
                .post("/datasets").then().statusCode(401).contentType(PROBLEM)
                .body("detail", containsString("not ingest's write token"));
    }

    @Test
    void invalidRequestsAreProblemDetails() {
        writer().contentType(ContentType.JSON).body(Map.of("name", "omniglot")).post("/datasets")
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400))
                .body("type", endsWith("/bad-request")).body("detail", containsString("source"));
        writer().contentType(ContentType.JSON).body(Map.of("name", "../etc", "source", "/x")).post("/datasets")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("../etc"));
        writer().contentType(ContentType.JSON).body(Map.of("name", "cifar", "source", "/x")).post("/datasets")
                .then().statusCode(400).contentType(PROBLEM).body("detail", containsString("known datasets are omniglot, mini-imagenet"));
        writer().contentType(ContentType.JSON).body(Map.of("name", "omniglot", "source", "/x", "sha256", "abc"))
                .post("/datasets").then().statusCode(400).contentType(PROBLEM).body("detail", containsString("abc"));
        writer().contentType(ContentType.JSON).body("{not json").post("/datasets")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void unknownJobsDatasetsAndPathsAreProblemDetails() {
        given().get("/jobs/nope").then().statusCode(404).contentType(PROBLEM).body("detail", containsString("nope"));
        given().get("/datasets/omniglot/0000000000000000").then().statusCode(404).contentType(PROBLEM);
        given().get("/no-such-path").then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200).body(containsString("/datasets"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
