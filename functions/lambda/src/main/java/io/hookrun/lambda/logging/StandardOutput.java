package io.hookrun.lambda.logging;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Where log lines go: the current {@code System.out}, looked up at every line (the Lambda runtime replaces it before
 * the handler is loaded, and the local runtime's tests capture it), written as UTF-8 bytes in one {@code write} call,
 * which {@link PrintStream} performs under its lock: a line is never split by another thread's output, and the
 * CloudWatch EMF documents written to the same stream stay whole too. Flushed at once: Lambda may freeze the
 * environment right after the invocation returns.
 */
final class StandardOutput implements Consumer<String> {

    @Override
    public void accept(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        PrintStream out = System.out;
        out.write(bytes, 0, bytes.length);
        out.flush();
    }
}
