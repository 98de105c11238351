package io.hookrun.local.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which admin API a command talks to, how it authorizes, and what it says when it cannot tell. */
class AdminTargetTest {

    private static final String DEPLOYED = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com";

    private static AdminTarget resolve(String api, String region, Map<String, String> env, Path stackFile) throws Exception {
        return AdminTarget.resolve(api, region, null, stackFile, env::get);
    }

    @Test
    void anExecuteApiHost_namesTheRegion_evenWhenAwsRegionSaysAnother(@TempDir Path dir) throws Exception {
        AdminTarget target = resolve(DEPLOYED + "/", null, Map.of("AWS_REGION", "us-east-1"), dir.resolve("local.json"));

        assertThat(target.local()).isFalse();
        assertThat(target.api()).isEqualTo(URI.create(DEPLOYED));
        assertThat(target.auth()).isInstanceOfSatisfying(SigV4Auth.class, a -> assertThat(a.region()).isEqualTo("eu-west-1"));
        assertThat(target.resolve("/admin/runs")).hasToString(DEPLOYED + "/admin/runs");
    }

    @Test
    void regionFlag_winsOverTheHost_andAwsRegionServesACustomDomain(@TempDir Path dir) throws Exception {
        AdminTarget flag = resolve(DEPLOYED, "eu-central-1", Map.of(), dir.resolve("local.json"));
        AdminTarget custom = resolve("https://hooks.example.com/prod", null, Map.of("AWS_REGION", "ap-southeast-2"),
                dir.resolve("local.json"));

        assertThat(((SigV4Auth) flag.auth()).region()).isEqualTo("eu-central-1");
        assertThat(((SigV4Auth) custom.auth()).region()).isEqualTo("ap-southeast-2");
        assertThat(custom.resolve("/admin/runs")).hasToString("https://hooks.example.com/prod/admin/runs");
        assertThat(custom.auth().describe()).isEqualTo("AWS credentials from the default chain (SigV4, region ap-southeast-2)");
    }

    @Test
    void aCustomDomainWithoutRegion_saysToPassOne(@TempDir Path dir) {
        assertThatThrownBy(() -> resolve("https://hooks.example.com", null, Map.of(), dir.resolve("local.json")))
                .hasMessage("cannot tell the API's region from hooks.example.com: pass --region or set AWS_REGION");
        assertThatThrownBy(() -> resolve("hooks.example.com/prod", null, Map.of(), dir.resolve("local.json")))
                .hasMessageStartingWith("--api must be an absolute http(s) URL");
    }

    @Test
    void noApi_isTheRunningLocalStack_withItsToken(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.json");
        new LocalStackFile(URI.create("http://127.0.0.1:3000"), "local-token", ProcessHandle.current().pid()).write(file);

        AdminTarget local = resolve(null, null, Map.of(), file);
        AdminTarget sameByUrl = resolve("http://127.0.0.1:3000", null, Map.of(), file);

        assertThat(local.local()).isTrue();
        assertThat(local.auth()).isEqualTo(new BearerTokenAuth("local-token"));
        assertThat(local.auth().toString()).doesNotContain("local-token");
        assertThat(sameByUrl.auth()).isEqualTo(new BearerTokenAuth("local-token"));
    }

    @Test
    void aLoopbackApi_takesTheTokenFlagOrHookrunAdminToken_neverSigV4(@TempDir Path dir) throws Exception {
        Path none = dir.resolve("local.json");

        assertThat(AdminTarget.resolve("http://127.0.0.1:4000", null, "flag-token", none, k -> null).auth())
                .isEqualTo(new BearerTokenAuth("flag-token"));
        assertThat(resolve("http://localhost:4000", null, Map.of("HOOKRUN_ADMIN_TOKEN", "env-token"), none).auth())
                .isEqualTo(new BearerTokenAuth("env-token"));
        assertThatThrownBy(() -> resolve("http://[::1]:4000", null, Map.of(), none))
                .hasMessage("no admin token for http://[::1]:4000 (a local stack): pass --token or set HOOKRUN_ADMIN_TOKEN");
    }

    @Test
    void noApiAndNoStack_orAStackThatEnded_sayWhatToDo(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("local.json");
        assertThatThrownBy(() -> resolve(null, null, Map.of(), file))
                .hasMessage("./hookrun local is not running here (no " + file + "): start it in another terminal with"
                        + " ./hookrun local, or name a deployed API with --api https://<id>.execute-api.<region>.amazonaws.com");

        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        new LocalStackFile(URI.create("http://127.0.0.1:3000"), "t", ended.pid()).write(file);
        assertThatThrownBy(() -> resolve(null, null, Map.of(), file))
                .hasMessageContaining("./hookrun local is not running (it served http://127.0.0.1:3000 as process "
                        + ended.pid() + ", which has ended)");
    }
}
