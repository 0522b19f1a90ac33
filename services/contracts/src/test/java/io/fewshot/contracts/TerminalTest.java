package io.fewshot.contracts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TerminalTest {
    @Test
    void aTerminalDrawsInPlace() {
        assertTrue(Terminal.interactive(Map.of("TERM", "xterm-256color"), () -> true));
    }

    @Test
    void aDumbTerminalOrAFileGetsPlainLines() {
        assertFalse(Terminal.interactive(Map.of("TERM", "dumb"), () -> true));
        assertFalse(Terminal.interactive(Map.of("TERM", "xterm"), () -> false));
    }

    @Test
    void aTestRunsStderrIsNotATerminal() {
        // Surefire pipes the forked JVM's stderr: what a service log or a CI job is.
        assertFalse(Terminal.stderrIsTerminal());
    }
}
