package io.hookrun.local.cli;

import io.hookrun.local.admin.AdminTarget;
import io.hookrun.local.console.ConsoleServer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code hookrun console [--port 3100] [--api URL] [--region R]}: the run console on its own, on 127.0.0.1, against the
 * running {@code hookrun local} ({@code .hookrun/local.json}) or a deployed API (SigV4 with the default AWS credential
 * chain). Prints the console's URL on stdout and serves until Ctrl-C.
 */
final class ConsoleCommand {

    static final String USAGE = """
              console [--port 3100] [--api <url>] [--region <region>]
                  Serves the run console on http://127.0.0.1:<port>/console/ against the running ./hookrun local
                  (.hookrun/local.json; ./hookrun local also serves it at http://127.0.0.1:3000/console/), or
                  against a deployed API: --api https://<id>.execute-api.<region>.amazonaws.com, its admin calls
                  signed (SigV4) with the AWS credentials of the default chain, the region from --region, else
                  the host name, else AWS_REGION. The credentials stay in this process: the browser never sees them.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final Path stackFile;

    ConsoleCommand(PrintStream out, PrintStream err, Path stackFile) {
        this.out = out;
        this.err = err;
        this.stackFile = stackFile;
    }

    int run(List<String> args) throws IOException, InterruptedException {
        int port = HookrunCli.number(HookrunCli.option(args, "--port", "3100"), "--port", 0, 65535);
        String api = HookrunCli.option(args, "--api", null);
        String region = HookrunCli.option(args, "--region", null);
        if (!args.isEmpty()) {
            throw new HookrunCli.UsageException("unexpected arguments " + args);
        }
        AdminTarget target = AdminTarget.resolve(api, region, stackFile);
        ConsoleServer server = ConsoleServer.start(port, target);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        err.println("hookrun: console for " + target.api() + " (" + target.auth().describe() + "); Ctrl-C stops it");
        out.println(server.uri());
        out.flush();
        stopped.await();
        return 0;
    }
}
