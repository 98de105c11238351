package io.hookrun.local.state;

import io.hookrun.local.cli.HookrunCliAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./hookrun local --fresh} while another stack holds the checkout's lock: exit 1 at once, the holder's pid named,
 * and nothing changed: not its data, not its {@code local.json}, no key written. (No stand-in is started: the lock is
 * taken before anything else.)
 */
class SecondStackRefusalTest {

    @Test
    void aSecondLocal_exits1NamingThePid_andDeletesNothing_evenWithFresh(@TempDir Path checkout) throws Exception {
        Path template = Files.writeString(checkout.resolve("template.yaml"), "Resources: {}\n");
        StateDirectory state = StateDirectory.next(template);
        Path data = Files.createDirectories(state.postgres()).resolve("PG_VERSION");
        Files.writeString(data, "18\n");
        Path stackFile = Files.writeString(state.stackFile(), "{\"running\": true}");

        try (StackLock running = StackLock.acquire(state.lockFile())) {
            HookrunCliAccess.Result result = HookrunCliAccess.run("local", "--template", template.toString(), "--fresh",
                    "--port", "0");

            assertThat(result.status()).isEqualTo(1);
            assertThat(result.err()).contains("another hookrun local (pid " + ProcessHandle.current().pid() + ") is running",
                    state.root().toString());
            assertThat(result.out()).isEmpty();
        }
        assertThat(data).hasContent("18\n");
        assertThat(stackFile).hasContent("{\"running\": true}");
        assertThat(state.root().resolve("secrets.key")).doesNotExist();
    }
}
