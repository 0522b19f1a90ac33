package io.fewshot.ml.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fewshot.ml.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The trainval protocol (train on train + val after choosing hyperparameters on val, as Vinyals,
 * Snell and Finn do) is only honest if its files say what they claim: no test class in trainval,
 * and trainval exactly train plus val, each rotation of a character a class of its own.
 */
class VinyalsSplitFilesTest {
    private static final Path DIR = Fixtures.sharedOmniglot().getParent().resolve("splits/omniglot/vinyals");

    @Test
    void trainvalIsExactlyTrainPlusValAndSharesNoClassWithTest() throws IOException {
        List<String> train = classes("train.txt");
        List<String> val = classes("val.txt");
        List<String> trainval = classes("trainval.txt");
        List<String> test = classes("test.txt");
        Set<String> union = new HashSet<>(train);
        union.addAll(val);
        assertEquals(train.size() + val.size(), union.size(), "train and val overlap");
        assertEquals(union, new HashSet<>(trainval), "trainval is not train + val");
        assertEquals(trainval.size(), new HashSet<>(trainval).size(), "trainval repeats a class");
        Set<String> leaked = new HashSet<>(trainval);
        leaked.retainAll(new HashSet<>(test));
        assertTrue(leaked.isEmpty(), "classes in both trainval and test: " + leaked);
    }

    @Test
    void poolsHoldVinyalsCharacterCountsInFourRotations() throws IOException {
        assertEquals(4 * 1028, classes("train.txt").size());
        assertEquals(4 * 172, classes("val.txt").size());
        assertEquals(4 * 1200, classes("trainval.txt").size());
        assertEquals(4 * 423, classes("test.txt").size());
    }

    /** A character is split with all its rotations: no character may straddle trainval and test. */
    @Test
    void noCharacterHasRotationsOnBothSides() throws IOException {
        Set<String> trainvalCharacters = characters(classes("trainval.txt"));
        Set<String> testCharacters = characters(classes("test.txt"));
        trainvalCharacters.retainAll(testCharacters);
        assertTrue(trainvalCharacters.isEmpty(), "characters on both sides: " + trainvalCharacters);
    }

    private static List<String> classes(String file) throws IOException {
        return Files.readAllLines(DIR.resolve(file)).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static Set<String> characters(List<String> classes) {
        Set<String> out = new HashSet<>();
        for (String c : classes) {
            out.add(c.substring(0, c.lastIndexOf('/')));
        }
        return out;
    }
}
