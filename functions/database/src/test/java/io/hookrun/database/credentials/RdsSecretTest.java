package io.hookrun.database.credentials;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RdsSecretTest {

    static final String ID = "arn:aws:secretsmanager:us-east-1:123456789012:secret:hookrun-db-AbCdEf";
    static final String PASSWORD = "pa55-\"quoted\"-w0rd";

    @Test
    void theRotationTemplatesShape_isReadWithEveryField() {
        RdsSecret secret = RdsSecret.parse(ID, """
                {"engine": "postgres", "host": "hookrun.cluster-abc.us-east-1.rds.amazonaws.com", "username": "hookrun",
                 "password": "pa55-\\"quoted\\"-w0rd", "dbname": "hookrun", "port": 5432, "dbClusterIdentifier": "hookrun"}""");

        assertThat(secret.credentials()).isEqualTo(new DatabaseCredentials("hookrun", PASSWORD));
        assertThat(secret.host()).contains("hookrun.cluster-abc.us-east-1.rds.amazonaws.com");
        assertThat(secret.port()).contains(5432);
        assertThat(secret.dbname()).contains("hookrun");
        assertThat(secret.engine()).contains("postgres");
    }

    @Test
    void anRdsManagedMasterUserSecret_hasOnlyUsernameAndPassword_andIsEnough() {
        RdsSecret secret = RdsSecret.parse(ID, "{\"username\":\"postgres\",\"password\":\"x1\"}");

        assertThat(secret.credentials()).isEqualTo(new DatabaseCredentials("postgres", "x1"));
        assertThat(secret.host()).isEmpty();
        assertThat(secret.port()).isEmpty();
    }

    @Test
    void aPortGivenAsAString_isANumber() {
        assertThat(RdsSecret.parse(ID, "{\"username\":\"u\",\"password\":\"p\",\"port\":\"6432\"}").port()).contains(6432);
    }

    @Test
    void aMissingPassword_isNamed() {
        assertThatThrownBy(() -> RdsSecret.parse(ID, "{\"username\":\"hookrun\",\"host\":\"h\"}"))
                .isInstanceOf(DatabaseSecretException.class)
                .hasMessageContaining(ID).hasMessageContaining("no password").hasNoCause();
    }

    @Test
    void aMissingUsername_isNamed_andTheMessageNeverQuotesThePassword() {
        assertThatThrownBy(() -> RdsSecret.parse(ID, "{\"password\":\"" + "s3cret-value" + "\"}"))
                .isInstanceOf(DatabaseSecretException.class)
                .hasMessageContaining("no username")
                .message().doesNotContain("s3cret-value");
    }

    @Test
    void anEmptyPassword_isMissing() {
        assertThatThrownBy(() -> RdsSecret.parse(ID, "{\"username\":\"u\",\"password\":\"\"}"))
                .hasMessageContaining("no password");
    }

    /** Jackson's own message would quote the character at the error and the text around it: part of the password. */
    @Test
    void brokenJson_insideThePassword_saysWhereButNotWhat() {
        String broken = "{\"username\":\"u\",\"password\":\"s3cret\tvalue\"}"; // a raw tab is not allowed in a JSON string

        assertThatThrownBy(() -> RdsSecret.parse(ID, broken))
                .isInstanceOf(DatabaseSecretException.class)
                .hasMessageContaining("not valid JSON (line 1, column")
                .hasNoCause()
                .message().doesNotContain("s3cret").doesNotContain("value").doesNotContain("\\t").doesNotContain("TAB");
    }

    @Test
    void aSecretThatIsNotAnObject_saysWhatShapeIsExpected() {
        assertThatThrownBy(() -> RdsSecret.parse(ID, "just-a-password"))
                .isInstanceOf(DatabaseSecretException.class)
                .message().doesNotContain("just-a-password");
        assertThatThrownBy(() -> RdsSecret.parse(ID, "[\"u\", \"p\"]"))
                .hasMessageContaining("is not a JSON object");
        assertThatThrownBy(() -> RdsSecret.parse(ID, "  ")).hasMessageContaining("is empty");
    }

    @Test
    void aNonStringPassword_isRefused_withoutItsValue() {
        assertThatThrownBy(() -> RdsSecret.parse(ID, "{\"username\":\"u\",\"password\":98765}"))
                .hasMessageContaining("\"password\" is not a string")
                .message().doesNotContain("98765");
    }

    @Test
    void printingTheSecretOrItsCredentials_neverShowsThePassword() {
        RdsSecret secret = RdsSecret.parse(ID, "{\"username\":\"hookrun\",\"password\":\"s3cret-value\",\"host\":\"h\"}");

        assertThat(secret.toString()).contains("hookrun", "<redacted>").doesNotContain("s3cret-value");
        assertThat(secret.credentials().toString()).contains("hookrun", "<redacted>").doesNotContain("s3cret-value");
    }
}
