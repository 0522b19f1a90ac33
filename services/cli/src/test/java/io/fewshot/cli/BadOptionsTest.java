package io.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every mistake on the command line ends with a message naming it, exit code 2 and nothing on stdout. */
class BadOptionsTest {

    private static void assertUsageError(FsbRun run, String expectedMessage) {
        assertEquals(2, run.exit(), run::toString);
        assertEquals("", run.out(), "nothing on stdout");
        assertTrue(run.err().contains(expectedMessage), () -> "stderr names the problem '" + expectedMessage + "':\n"
                + run.err());
    }

    @Test
    void unknownProfileListsTheProfiles() {
        assertUsageError(FsbRun.run("plan", "--profile", "tiny"), "unknown profile 'tiny'; expected one of smoke, quick, cpu, paper");
    }

    @Test
    void missingProfileIsNamed() {
        assertUsageError(FsbRun.run("plan"), "Missing required option: '--profile");
    }

    @Test
    void unknownDatasetListsTheDatasets() {
        assertUsageError(FsbRun.run("plan", "--profile", "smoke", "--datasets", "omniglot,cifar"),
                "unknown dataset 'cifar'; expected one of omniglot, mini-imagenet");
    }

    @Test
    void unknownRowListsTheRows() {
        assertUsageError(FsbRun.run("plan", "--profile", "smoke", "--rows", "protonet,reptile"),
                "--rows: unknown table row 'reptile'; expected one of matching-nets, protonet, maml, meta-sgd,"
                        + " amortized-bnn-1, amortized-bnn-5");
    }

    @Test
    void unknownConfigListsTheConfigs() {
        assertUsageError(FsbRun.run("plan", "--profile", "smoke", "--configs", "10w1s"),
                "--configs: unknown configuration '10w1s'; expected one of 5w1s, 5w5s, 20w1s, 20w5s");
    }

    @Test
    void selectionThatMatchesNoCellSaysSo() {
        assertUsageError(FsbRun.run("plan", "--profile", "smoke", "--datasets", "mini-imagenet", "--configs", "20w5s"),
                "no cell of the smoke profile matches --datasets/--rows/--configs");
    }

    @Test
    void noCommandAsksForOne() {
        assertUsageError(FsbRun.run(), "name a command: plan, submit, watch or table");
    }

    @Test
    void unknownOptionIsNamed() {
        assertUsageError(FsbRun.run("plan", "--profile", "smoke", "--gpus", "4"), "Unknown options: '--gpus'");
    }

    @Test
    void tableWithoutSweepAsksForOne() {
        assertUsageError(FsbRun.run("table"), "--sweep is required (or set FSB_SWEEP_ID)");
    }

    @Test
    void sweepIdThatCouldLeaveItsPrefixIsRefused() {
        assertUsageError(FsbRun.run("table", "--sweep", "../etc"), "sweep id '../etc' is not valid");
    }

    @Test
    void unknownTableFormatListsTheFormats() {
        assertUsageError(FsbRun.run("table", "--sweep", "s1", "--format", "xml"), "unknown format 'xml'; expected md, csv or json");
    }

    @Test
    void watchTimeoutMustBeADuration() {
        assertUsageError(FsbRun.run("watch", "--sweep", "s1", "--timeout", "soon"), "'soon' is not a duration");
    }

    @Test
    void registryUrlMustBeHttp() {
        assertUsageError(FsbRun.run(Map.of("REGISTRY_URL", "registry:8080"), "table", "--sweep", "s1"),
                "REGISTRY_URL: expected an http(s)://host[:port] URL, was 'registry:8080'");
    }

    @Test
    void workflowParametersNeedCluster() {
        assertUsageError(FsbRun.run("submit", "--profile", "smoke", "-p", "image-tag=1"), "--namespace and -p are for --cluster");
    }

    @Test
    void datasetsAreForLocalSweepsOnly() {
        assertUsageError(FsbRun.run("submit", "--cluster", "--profile", "smoke", "--datasets", "omniglot"),
                "--datasets and --force are for local sweeps");
    }

    @Test
    void profileParameterMustAgreeWithProfileOption() {
        assertUsageError(FsbRun.run("submit", "--cluster", "--profile", "smoke", "-p", "profile=paper"),
                "-p profile=paper contradicts --profile smoke");
    }

    @Test
    void clusterSweepIdMustBeAKubernetesName() {
        assertUsageError(FsbRun.run("submit", "--cluster", "--profile", "smoke", "--sweep-id", "Paper_Run"),
                "cannot name an Argo Workflow");
    }
}
