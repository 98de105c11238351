package io.hookrun.local.cli;

import io.hookrun.local.admin.AdminTarget;
import io.hookrun.local.cli.HookrunCli.UsageException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * The options every command that talks to an admin API takes: {@code --api <URL>} and {@code --region <R>} (a deployed
 * API, signed with SigV4; none: the running {@code ./hookrun local}), {@code --token <T>} (a local stack's bearer token
 * at another address) and {@code --output text|json}. The target is resolved by {@link AdminTarget#resolve}.
 *
 * @param json whether {@code --output json} was asked: stdout then holds one JSON document and nothing else
 */
record AdminOptions(String api, String region, String token, boolean json) {

    static final String USAGE = """
              Each command below takes [--api <URL> [--region R]] [--output json]: --api names a deployed API (admin
                  requests signed with SigV4, AWS credentials from the default chain: environment, profile, SSO; the
                  region from --region, the execute-api host name, or AWS_REGION); without it, the running
                  ./hookrun local (.hookrun/local.json). --token <T> (or HOOKRUN_ADMIN_TOKEN) reaches a local stack at
                  another address. --output json prints machine-readable JSON on stdout, nothing else.
            """;

    /** Removes the options from {@code args}. */
    static AdminOptions take(List<String> args) {
        String api = HookrunCli.option(args, "--api", null);
        String region = HookrunCli.option(args, "--region", null);
        String token = HookrunCli.option(args, "--token", null);
        String output = HookrunCli.option(args, "--output", "text");
        if (!output.equals("text") && !output.equals("json")) {
            throw new UsageException("--output takes text or json, not '" + output + "'");
        }
        return new AdminOptions(api, region, token, output.equals("json"));
    }

    AdminClient client(Path stackFile, Function<String, String> environment) throws IOException {
        return new AdminClient(AdminTarget.resolve(api, region, token, stackFile, environment));
    }
}
