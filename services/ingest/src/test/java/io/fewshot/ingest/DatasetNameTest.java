package io.fewshot.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ingest.core.IngestException;
import io.fewshot.ingest.core.IngestRequest;
import io.fewshot.ingest.core.Ingester;
import org.junit.jupiter.api.Test;

/** One name per dataset: the planner and trainer know only the canonical ones, so ingest checks names. */
class DatasetNameTest {
    private static IngestException refused(String name, String format) {
        IngestException e = assertThrows(IngestException.class,
                () -> Ingester.validate(new IngestRequest(name, format, "/data", null, null)));
        assertEquals(IngestException.Code.BAD_REQUEST, e.code(), e.getMessage());
        return e;
    }

    @Test
    void anotherSpellingOfAKnownDatasetIsRefusedNamingTheCanonicalOne() {
        for (String format : new String[] {null, "mini-imagenet"}) {
            String why = refused("miniimagenet", format).getMessage();
            assertTrue(why.contains("use 'mini-imagenet'"), why);
            assertTrue(why.contains("known datasets: omniglot, mini-imagenet"), why);
        }
        assertTrue(refused("Omniglot", null).getMessage().contains("use 'omniglot'"));
    }

    @Test
    void anUnknownNameWithoutAFormatIsRefusedListingTheKnownNames() {
        String why = refused("cifar", null).getMessage();
        assertTrue(why.contains("unknown dataset 'cifar'"), why);
        assertTrue(why.contains("omniglot, mini-imagenet"), why);
    }

    @Test
    void canonicalNamesAndOwnDatasetsWithAFormatAreAccepted() {
        Ingester.validate(new IngestRequest("omniglot", null, "/data", null, null));
        Ingester.validate(new IngestRequest("mini-imagenet", null, "/data", null, null));
        Ingester.validate(new IngestRequest("my-mini", "mini-imagenet", "/data", null, 2));
    }
}
