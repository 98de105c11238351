package io.hookrun.local.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code .hookrun/local.lock}: one holder at a time, its pid named to the refused, gone with its process. */
class StackLockTest {

    @Test
    void theHolder_writesItsPid_andASecondAcquireInTheSameJvm_isRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(".hookrun").resolve("local.lock");
        try (StackLock ignored = StackLock.acquire(file)) {
            long pid = ProcessHandle.current().pid();
            assertThat(Files.readString(file).trim()).isEqualTo(Long.toString(pid));

            assertThatThrownBy(() -> StackLock.acquire(file)).isInstanceOf(StackLockedException.class)
                    .hasMessageContaining("another hookrun local (pid " + pid + ") is running")
                    .hasMessageContaining("Nothing was started or deleted")
                    .satisfies(e -> assertThat(((StackLockedException) e).holderPid()).hasValue(pid));
        }
    }

    @Test
    void onceReleased_itCanBeTakenAgain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.lock");
        StackLock.acquire(file).close();

        try (StackLock again = StackLock.acquire(file)) {
            assertThat(file).exists();
        }
    }

    @Test
    void aLockHeldByAnotherProcess_isRefused_andTheOsReleasesItWhenThatProcessIsKilled(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.lock");
        Process holder = holder(file);
        try {
            assertThatThrownBy(() -> StackLock.acquire(file)).isInstanceOf(StackLockedException.class)
                    .hasMessageContaining("(pid " + holder.pid() + ")");

            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no release by the JVM
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();

            try (StackLock mine = StackLock.acquire(file)) {
                assertThat(Files.readString(file).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    /** A JVM of its own holding the lock, once it said so. */
    private static Process holder(Path file) throws Exception {
        String classPath = Path.of(StackLock.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                + File.pathSeparator + Path.of(StackLockHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, StackLockHolder.class.getName(), file.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked");
        return process;
    }
}
