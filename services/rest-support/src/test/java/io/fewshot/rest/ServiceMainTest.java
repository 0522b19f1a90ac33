package io.fewshot.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServiceMainTest {
    private static final String[] COMMAND = {"train", "--run-spec", "spec.json"};

    @Test
    void aCommandListensOnAFreePort() {
        assertEquals(Optional.of("0"), ServiceMain.commandPort(COMMAND, new Properties(), Map.of()));
    }

    @Test
    void theServiceKeepsItsConfiguredPort() {
        assertEquals(Optional.empty(), ServiceMain.commandPort(new String[0], new Properties(), Map.of()));
    }

    @Test
    void aPortTheUserChoseWins() {
        Properties chosen = new Properties();
        chosen.setProperty("quarkus.http.port", "9123");
        assertEquals(Optional.empty(), ServiceMain.commandPort(COMMAND, chosen, Map.of()));
        assertEquals(Optional.empty(), ServiceMain.commandPort(COMMAND, new Properties(),
                Map.of("QUARKUS_HTTP_PORT", "9123")));
    }
}
