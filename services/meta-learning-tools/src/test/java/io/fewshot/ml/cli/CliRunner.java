package io.fewshot.ml.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code fsb-ml} in this JVM as its main would, capturing what it prints. */
public final class CliRunner {
    private CliRunner() {
    }

    public record Result(int exit, String out, String err) {
    }

    public static Result fsbMl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = MetaLearningCli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
