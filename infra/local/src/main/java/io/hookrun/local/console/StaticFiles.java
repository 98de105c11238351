package io.hookrun.local.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The console's files, read from the class path ({@code console/} in this module's resources). A name is served only
 * when it matches a strict pattern (lower-case segments, a known extension), which leaves no room for {@code ..},
 * encoded separators or a directory: nothing is ever listed, nothing outside {@code console/} is ever read.
 */
final class StaticFiles {

    private static final Pattern NAME = Pattern.compile("(?:[a-z0-9][a-z0-9-]*/){0,3}[a-z0-9][a-z0-9-]*\\.(html|css|js|svg|png|ico)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon");

    /** A file to send. */
    record File(String contentType, byte[] bytes) {
    }

    private final String root;

    /** @param root the class path folder, e.g. {@code console} */
    StaticFiles(String root) {
        this.root = root;
    }

    /**
     * @param name the path below {@code /console/}, raw (still percent-encoded): {@code ""} is {@code index.html}
     * @return the file; empty when the name is not one the console serves or no such file exists
     */
    Optional<File> read(String name) throws IOException {
        String wanted = name.isEmpty() ? "index.html" : name;
        Matcher matcher = NAME.matcher(wanted);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(root + "/" + wanted)) {
            return in == null ? Optional.empty() : Optional.of(new File(TYPES.get(matcher.group(1)), in.readAllBytes()));
        }
    }
}
