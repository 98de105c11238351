package io.hookrun.bench.baseline;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The clients a hand-written handler builds: region and credentials from the SDK's default chains (on Lambda, the
 * environment), url-connection-client, and the endpoint overrides the benchmark passes to both sides under the
 * property names hookrun's functions read ({@code aws.services.<service>.endpoint-override}).
 */
final class BaselineClients {

    private BaselineClients() {
    }

    static DynamoDbClient dynamoDb() {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getProperty("aws.services.dynamodb.endpoint-override");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    static SqsClient sqs() {
        SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.create());
        String endpoint = System.getProperty("aws.services.sqs.endpoint-override");
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    /** A connection from the variables template.yaml sets on the functions that use the database. */
    static Connection database() throws SQLException {
        return DriverManager.getConnection(required("DATASOURCES_DEFAULT_URL"),
                required("DATASOURCES_DEFAULT_USERNAME"), required("DATASOURCES_DEFAULT_PASSWORD"));
    }

    static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(variable + " is not set");
        }
        return value;
    }
}
