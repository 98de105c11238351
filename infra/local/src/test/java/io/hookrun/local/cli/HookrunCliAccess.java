package io.hookrun.local.cli;

import io.hookrun.core.signature.SignatureVerifier;
import io.hookrun.local.admin.LocalStackFile;
import io.micronaut.context.ApplicationContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs the {@code hookrun} command in this JVM, as the end-to-end tests of other packages need it. */
public final class HookrunCliAccess {

    /** What a command printed, and its exit status. */
    public record Result(int status, String out, String err) {

        /** stdout, line by line. */
        public List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** A delivery as {@code hookrun send} would post it. */
    public record Signed(URI url, Map<String, String> headers, byte[] body) {
    }

    private HookrunCliAccess() {
    }

    /** What {@code hookrun send <args>} would post (the URL, the signed headers, the body), without posting it. */
    public static Signed signed(String... args) throws IOException {
        try (ApplicationContext schemes = HookrunCli.signatureSchemes()) {
            SendCommand.Delivery delivery = new SendCommand(new PrintStream(OutputStream.nullOutputStream()),
                    new PrintStream(OutputStream.nullOutputStream()), LocalStackFile.RELATIVE,
                    schemes.getBean(SignatureVerifier.class), Clock.systemUTC(), new SecureRandom(), System::getenv,
                    InputStream.nullInputStream()).delivery(new ArrayList<>(List.of(args)));
            return new Signed(delivery.url(), delivery.headers(), delivery.body());
        }
    }

    public static Result run(String... args) {
        return run(System::getenv, args);
    }

    /** {@code hookrun <args>} with {@code environment} as its environment variables (secrets for apply, send). */
    public static Result run(Map<String, String> environment, String... args) {
        return run(environment::get, args);
    }

    private static Result run(java.util.function.Function<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = HookrunCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment, false);
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
