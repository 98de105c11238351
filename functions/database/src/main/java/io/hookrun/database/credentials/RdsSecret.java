package io.hookrun.database.credentials;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The database secret in the shape Amazon RDS and Aurora use: the JSON object of a secret that RDS manages for a
 * master user ({@code ManageMasterUserPassword}: {@code username}, {@code password}) and of the secrets the Secrets
 * Manager rotation functions rotate ({@code engine}, {@code host}, {@code username}, {@code password},
 * {@code dbname}, {@code port}). Only {@code username} and {@code password} are required; the connection itself
 * goes where {@code datasources.default.url} says (an RDS Proxy endpoint, whereas the secret's {@code host} is the
 * cluster's). Unknown members are ignored; {@code port} may be a number or a string, as both occur.
 *
 * @see <a href="https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_secret_json_structure.html">JSON structure of Secrets Manager database secrets</a>
 */
public record RdsSecret(String username, String password, Optional<String> host, Optional<Integer> port,
                        Optional<String> dbname, Optional<String> engine) {

    private static final JsonFactory JSON = JsonFactory.builder()
            // Keeps the secret text out of JsonLocation, which parse errors print.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** The credentials this secret holds. */
    public DatabaseCredentials credentials() {
        return new DatabaseCredentials(username, password);
    }

    /**
     * Reads a secret's {@code SecretString}.
     *
     * @param secretId named in error messages (the ARN or name, never part of the value)
     * @throws DatabaseSecretException when it is not a JSON object or lacks a non-empty {@code username} or
     *                                 {@code password}; the message never contains a value from the secret
     */
    public static RdsSecret parse(String secretId, String json) {
        if (json == null || json.isBlank()) {
            throw new DatabaseSecretException("database secret " + secretId + " is empty");
        }
        String username = null;
        String password = null;
        String host = null;
        Integer port = null;
        String dbname = null;
        String engine = null;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new DatabaseSecretException("database secret " + secretId
                        + " is not a JSON object (expected {\"username\": ..., \"password\": ..., \"host\": ...})");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "username" -> username = text(parser, value, secretId, name);
                    case "password" -> password = text(parser, value, secretId, name);
                    case "host" -> host = text(parser, value, secretId, name);
                    case "dbname" -> dbname = text(parser, value, secretId, name);
                    case "engine" -> engine = text(parser, value, secretId, name);
                    case "port" -> port = port(parser, value, secretId);
                    default -> parser.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            // Not e.getMessage(): Jackson quotes the offending character, which may belong to the password.
            JsonLocation at = e.getLocation();
            throw new DatabaseSecretException("database secret " + secretId + " is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new DatabaseSecretException("database secret " + secretId + " could not be read as JSON");
        }
        List<String> missing = new ArrayList<>();
        if (username == null || username.isEmpty()) {
            missing.add("username");
        }
        if (password == null || password.isEmpty()) {
            missing.add("password");
        }
        if (!missing.isEmpty()) {
            throw new DatabaseSecretException("database secret " + secretId + " has no " + String.join(" and no ", missing)
                    + " (an RDS database secret is a JSON object with at least \"username\" and \"password\")");
        }
        return new RdsSecret(username, password, Optional.ofNullable(host), Optional.ofNullable(port),
                Optional.ofNullable(dbname), Optional.ofNullable(engine));
    }

    private static String text(JsonParser parser, JsonToken value, String secretId, String name) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            parser.skipChildren();
            throw new DatabaseSecretException("database secret " + secretId + ": \"" + name + "\" is not a string");
        }
        return parser.getText();
    }

    private static Integer port(JsonParser parser, JsonToken value, String secretId) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT) {
            return parser.getIntValue();
        }
        if (value == JsonToken.VALUE_STRING) {
            try {
                return Integer.valueOf(parser.getText().trim());
            } catch (NumberFormatException e) {
                throw new DatabaseSecretException("database secret " + secretId + ": \"port\" is not a number");
            }
        }
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        parser.skipChildren();
        throw new DatabaseSecretException("database secret " + secretId + ": \"port\" is not a number");
    }

    @Override
    public String toString() {
        return "RdsSecret[username=" + username + ", password=<redacted>, host=" + host.orElse("") + ", port="
                + port.map(String::valueOf).orElse("") + ", dbname=" + dbname.orElse("") + ", engine=" + engine.orElse("") + "]";
    }
}
