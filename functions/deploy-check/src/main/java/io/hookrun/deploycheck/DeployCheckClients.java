package io.hookrun.deploycheck;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.lambda.LambdaClient;

import java.time.Clock;
import java.time.Duration;

/**
 * The hook's Lambda client, its CodeDeploy reporter and its check. Lambda's {@code Invoke} returns only when the invoked function has
 * answered, so its socket and call timeouts are the invoked function's run ({@code invokeTimeout}), not the
 * seconds the table and queue clients of the other functions get. Region from {@code aws.region} (Lambda's
 * {@code AWS_REGION}), credentials from the default chain (the function's role).
 */
@Factory
class DeployCheckClients {

    @Singleton
    @Bean(preDestroy = "close")
    LambdaClient lambdaClient(DeployCheckConfiguration config, @Property(name = "aws.region") @Nullable String region) {
        Duration timeout = config.invokeTimeout();
        var builder = LambdaClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(timeout))
                // Not retried: a retried Invoke would run the function twice, and the check already bounds itself.
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(timeout.plusSeconds(2))
                        .retryStrategy(b -> b.maxAttempts(1)).build());
        // Without aws.region the SDK's own region chain decides, as for the other functions' clients.
        if (region != null && !region.isBlank()) {
            builder.region(Region.of(region));
        }
        return builder.build();
    }

    /** The signer's credentials and the HTTP client of the one CodeDeploy call. */
    @Singleton
    HookStatusReporter hookStatusReporter(JsonMapper json, @Property(name = "aws.region") @Nullable String region) {
        Region resolved = region != null && !region.isBlank() ? Region.of(region) : new DefaultAwsRegionProviderChain().getRegion();
        SdkHttpClient http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5)).build();
        return new CodeDeployHookStatusReporter(http, DefaultCredentialsProvider.builder().build(), resolved,
                CodeDeployHookStatusReporter.regionalEndpoint(resolved), json);
    }

    @Singleton
    DeployCheck deployCheck(DeployCheckConfiguration config, LambdaClient lambda, JsonMapper json) {
        return new DeployCheck(config, lambda, json, Clock.systemUTC());
    }

    @Singleton
    LifecycleHook lifecycleHook(DeployCheck check, HookStatusReporter reporter) {
        return new LifecycleHook(check, reporter);
    }
}
