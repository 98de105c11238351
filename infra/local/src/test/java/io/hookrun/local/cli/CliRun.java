package io.hookrun.local.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs {@code hookrun <args>} in this JVM against a {@link FakeAdminApi}, with a pinned environment. */
record CliRun(int status, String out, String err) {

    static CliRun against(FakeAdminApi api, Map<String, String> environment, boolean terminal, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--api", api.uri().toString(), "--token", FakeAdminApi.TOKEN));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = HookrunCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment::get, terminal);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CliRun against(FakeAdminApi api, String... args) {
        return against(api, Map.of(), false, args);
    }

    List<String> outLines() {
        return out.lines().toList();
    }
}
