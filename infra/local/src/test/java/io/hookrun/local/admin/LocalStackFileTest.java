package io.hookrun.local.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@code ./hookrun local} leaves for {@code ./hookrun start}: where it listens, its token, and who wrote it. */
class LocalStackFileTest {

    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void writtenNextToTheTemplate_readsBack_andOnlyItsOwnerMayReadIt(@TempDir Path dir) throws Exception {
        Path file = LocalStackFile.next(dir.resolve("template.yaml"));
        LocalStackFile written = new LocalStackFile(URI.create("http://127.0.0.1:3000"), "local-dev-token", SELF);

        written.write(file);

        assertThat(file).isEqualTo(dir.resolve(".hookrun/local.json"));
        assertThat(LocalStackFile.read(file)).contains(written);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aFileWhoseWriterHasEnded_isStale(@TempDir Path dir) throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();

        assertThat(new LocalStackFile(URI.create("http://127.0.0.1:3000"), "t", ended.pid()).writerAlive()).isFalse();
        assertThat(new LocalStackFile(URI.create("http://127.0.0.1:3000"), "t", SELF).writerAlive()).isTrue();
    }

    @Test
    void noFile_readsAsNone_andAFileHookrunDidNotWrite_failsSayingWhatToDo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".hookrun/local.json");
        assertThat(LocalStackFile.read(file)).isEmpty();

        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"api\": \"http://127.0.0.1:3000\"}");

        assertThatThrownBy(() -> LocalStackFile.read(file)).hasMessageContaining("is not a file hookrun local wrote");
    }

    @Test
    void stopping_deletesTheFileOnlyIfThisProcessWroteIt(@TempDir Path dir) throws Exception {
        Path ours = dir.resolve("a/.hookrun/local.json");
        Path theirs = dir.resolve("b/.hookrun/local.json");
        new LocalStackFile(URI.create("http://127.0.0.1:3000"), "t", SELF).write(ours);
        new LocalStackFile(URI.create("http://127.0.0.1:3001"), "t", SELF + 1_000_000).write(theirs);

        LocalStackFile.deleteIfOurs(ours);
        LocalStackFile.deleteIfOurs(theirs);

        assertThat(ours).doesNotExist();
        assertThat(theirs).exists();
    }
}
