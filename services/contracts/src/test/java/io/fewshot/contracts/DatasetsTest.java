package io.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DatasetsTest {
    @Test
    void theKnownNamesAreThePlannersDatasets() {
        assertEquals(List.of("omniglot", "mini-imagenet"), Datasets.KNOWN);
    }

    @Test
    void otherSpellingsOfAKnownDatasetMapToItsCanonicalName() {
        for (String s : List.of("mini-imagenet", "miniimagenet", "Mini_ImageNet", "MINI IMAGENET")) {
            assertEquals(Optional.of("mini-imagenet"), Datasets.canonical(s), s);
        }
        assertEquals(Optional.of("omniglot"), Datasets.canonical("Omniglot"));
    }

    @Test
    void anotherDatasetHasNoCanonicalName() {
        assertEquals(Optional.empty(), Datasets.canonical("cifar"));
        assertEquals(Optional.empty(), Datasets.canonical("mini-imagenet-small"));
    }
}
