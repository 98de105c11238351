package io.hookrun.local.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the {@code hookrun} command in this JVM, as the end-to-end tests of other packages need it. */
public final class HookrunCliAccess {

    /** What a command printed, and its exit status. */
    public record Result(int status, String out, String err) {

        /** stdout, line by line. */
        public List<String> outLines() {
            return out.lines().toList();
        }
    }

    private HookrunCliAccess() {
    }

    public static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = HookrunCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
