package io.hookrun.local.e2e;

import java.nio.file.Path;

/** Where the repository's {@code events/} and {@code template.yaml} are, seen from this module. */
final class EventFiles {

    static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    static final Path DIRECTORY = ROOT.resolve("events");
    static final Path TEMPLATE = ROOT.resolve("template.yaml");
    /** Webhook bodies for {@code ./hookrun send --file}, relative to {@link #DIRECTORY}: not Lambda events. */
    static final String WEBHOOK_BODIES = "webhook/bodies/";
    /** Configuration as code for {@code ./hookrun apply}, relative to {@link #DIRECTORY}: not Lambda events. */
    static final String CONFIG = "config/";

    private EventFiles() {
    }
}
