package io.hookrun.local.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The IAM stand-in: the right bearer token passes, no token is 401's case, a wrong one 403's. */
class BearerTokenAuthorizerTest {

    private final BearerTokenAuthorizer authorizer = new BearerTokenAuthorizer("s3cret-token");

    @Test
    void rightToken_isAllowed_whateverTheCaseOfTheScheme() {
        assertThat(authorizer.check("Bearer s3cret-token")).isEqualTo(BearerTokenAuthorizer.Decision.ALLOW);
        assertThat(authorizer.check("bearer s3cret-token")).isEqualTo(BearerTokenAuthorizer.Decision.ALLOW);
    }

    @Test
    void noHeader_orNoBearerToken_isMissing() {
        assertThat(authorizer.check(null)).isEqualTo(BearerTokenAuthorizer.Decision.MISSING);
        assertThat(authorizer.check("Basic dXNlcjpwYXNz")).isEqualTo(BearerTokenAuthorizer.Decision.MISSING);
        assertThat(authorizer.check("Bearer ")).isEqualTo(BearerTokenAuthorizer.Decision.MISSING);
    }

    @Test
    void wrongToken_isWrong_includingPrefixesAndLongerGuesses() {
        assertThat(authorizer.check("Bearer s3cret")).isEqualTo(BearerTokenAuthorizer.Decision.WRONG);
        assertThat(authorizer.check("Bearer s3cret-token-and-more")).isEqualTo(BearerTokenAuthorizer.Decision.WRONG);
    }

    @Test
    void generatedTokens_areLongUrlSafeAndDistinct() {
        String one = BearerTokenAuthorizer.withGeneratedToken().token();
        String two = BearerTokenAuthorizer.withGeneratedToken().token();

        assertThat(one).hasSizeGreaterThanOrEqualTo(40).matches("[A-Za-z0-9_-]+").isNotEqualTo(two);
        assertThatThrownBy(() -> new BearerTokenAuthorizer(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
