package io.fewshot.platform.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.localstack.LocalStack;
import io.fewshot.localstack.LocalStackExtension;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The one S3 store on the local stack's real S3 endpoint: what is missing reads as missing, a failure names where. */
@ExtendWith(LocalStackExtension.class)
class S3StoreTest {
    private static S3Store store(LocalStack s) {
        return new S3Store(s.s3Endpoint(), s.accessKey(), s.secretKey(), s.region(), s.bucket());
    }

    @Test
    void writtenObjectsReadBackListAndDelete(LocalStack s) {
        try (S3Store store = store(s)) {
            store.ensureBucket();
            byte[] bytes = "plan".getBytes(StandardCharsets.UTF_8);
            store.putBytes("platform-test/a/plan.json", bytes, "application/json");
            store.copy("platform-test/a/plan.json", "platform-test/b/plan.json");

            assertArrayEquals(bytes, store.getBytesOrNull("platform-test/b/plan.json"));
            assertEquals(List.of("platform-test/a/plan.json", "platform-test/b/plan.json"), store.list("platform-test/"));
            store.deletePrefix("platform-test/");
            assertFalse(store.exists("platform-test/a/plan.json"));
        }
    }

    @Test
    void aMissingObjectIsNullNotAFailure(LocalStack s) {
        try (S3Store store = store(s)) {
            store.ensureBucket();
            assertNull(store.getBytesOrNull("platform-test/no-such-object"));
            assertFalse(store.exists("platform-test/no-such-object"));
        }
    }

    @Test
    void anUnreachableEndpointIsAStorageExceptionNamingIt(LocalStack s) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port;
        try (S3Store store = new S3Store(endpoint, s.accessKey(), s.secretKey(), s.region(), s.bucket(),
                Duration.ofSeconds(2), Duration.ofSeconds(2))) {
            StorageException e = assertThrows(StorageException.class, () -> store.putBytes("k", new byte[1], "x/y"));
            assertTrue(e.getMessage().contains("S3 at " + endpoint + ", bucket " + s.bucket()), e.getMessage());
        }
    }
}
