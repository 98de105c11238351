package io.hookrun.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Where GET /health's version, commit and deploy time come from, in order. */
class BuildInfoTest {

    @Test
    void theDeploymentsValues_winOverTheBuilds() {
        BuildInfo info = BuildInfo.of("2.0.0", "cafe123", "2026-11-30T09:15:00Z", "42");

        assertThat(info).isEqualTo(new BuildInfo("2.0.0", "cafe123", "2026-11-30T09:15:00Z", "42"));
    }

    @Test
    void emptyTemplateParameters_fallBackToTheBuild_andWhatNobodySaidIsUnknown() {
        // The template's parameters default to "": the version the jar was built as (build.properties, filtered).
        BuildInfo info = BuildInfo.of("", " ", "", "");

        assertThat(info.version()).as("the project version, filtered in").isNotEqualTo("unknown").doesNotContain("${");
        assertThat(info.commit()).as("built without -Dhookrun.commit").isEqualTo("unknown");
        assertThat(info.deployedAt()).isEqualTo("unknown");
        assertThat(info.functionVersion()).isNull();
    }

    @Test
    void first_skipsBlankAndUnfilteredValues() {
        assertThat(BuildInfo.first(null, "", "${hookrun.commit}", "abc")).isEqualTo("abc");
        assertThat(BuildInfo.first("${project.version}")).isEqualTo("unknown");
    }
}
