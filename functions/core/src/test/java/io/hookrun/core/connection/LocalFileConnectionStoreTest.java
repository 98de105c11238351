package io.hookrun.core.connection;

import io.hookrun.core.json.JsonText;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LocalFileConnectionStoreTest {

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("connections.json");
    }

    private LocalFileConnectionStore store() {
        return new LocalFileConnectionStore(file(), new JsonText(JsonMapper.createDefault()));
    }

    private static String apiKey(String value) {
        return "{\"authorizationType\": \"API_KEY\", \"apiKeyAuthParameters\": {\"apiKeyName\": \"x-api-key\","
                + " \"apiKeyValue\": \"" + value + "\"}}";
    }

    @Test
    void noFile_meansNoConnections() {
        assertThat(store().find("orders")).isEmpty();
    }

    @Test
    void aConnectionInTheFile_isFound_byName_andOthersAreNot() throws IOException {
        Files.writeString(file(), "{\"orders\": " + apiKey("k1") + "}");

        assertThat(store().find("orders")).contains(new Connection.ApiKey("orders", "x-api-key", "k1",
                Connection.InvocationParameters.NONE));
        assertThat(store().find("billing")).isEmpty();
    }

    @Test
    void aChangedFile_isReadAgain() throws IOException {
        LocalFileConnectionStore store = store();
        Files.writeString(file(), "{\"orders\": " + apiKey("k1") + "}");
        Files.setLastModifiedTime(file(), FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        assertThat(store.find("orders")).get().extracting(c -> ((Connection.ApiKey) c).value()).isEqualTo("k1");

        Files.writeString(file(), "{\"orders\": " + apiKey("k2") + ", \"billing\": " + apiKey("k3") + "}");
        Files.setLastModifiedTime(file(), FileTime.from(Instant.parse("2026-01-01T00:00:05Z")));

        assertThat(store.find("orders")).get().extracting(c -> ((Connection.ApiKey) c).value()).isEqualTo("k2");
        assertThat(store.find("billing")).isPresent();
    }

    @Test
    void aMalformedEntry_failsOnlyItsOwnLookups() throws IOException {
        Files.writeString(file(), "{\"orders\": " + apiKey("k1") + ", \"broken\": {\"authorizationType\": \"BASIC\"}}");

        ConnectionUnreadableException e = catchThrowableOfType(ConnectionUnreadableException.class,
                () -> store().find("broken"));
        assertThat(e.getMessage()).isEqualTo("connection 'broken': basicAuthParameters is required");
        assertThat(e.outage()).isFalse();
        assertThat(store().find("orders")).isPresent();
    }

    @Test
    void aFileThatIsNotAnObjectOfConnections_isReported_withoutItsText() throws IOException {
        Files.writeString(file(), "[\"sk_live_SECRET\"]");

        ConnectionUnreadableException e = catchThrowableOfType(ConnectionUnreadableException.class,
                () -> store().find("orders"));
        assertThat(e.getMessage()).contains("connections.json must hold a JSON object").doesNotContain("sk_live");
        assertThat(e.outage()).isFalse();
    }
}
