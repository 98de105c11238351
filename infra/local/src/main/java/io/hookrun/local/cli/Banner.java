package io.hookrun.local.cli;

import io.hookrun.local.runtime.LocalCloud;

/** What {@code hookrun local} prints once everything listens. */
final class Banner {

    private Banner() {
    }

    static String of(LocalCloud cloud) {
        StringBuilder b = new StringBuilder();
        b.append("\nhookrun local is up (Ctrl-C stops everything)\n\n");
        b.append("  HTTP API     ").append(cloud.httpApi()).append('\n');
        cloud.functions().values().forEach(f -> f.function().routes().forEach(r -> b.append("    ")
                .append(String.format("%-6s %-22s -> %s", r.method(), r.path(), f.logicalId()))
                .append(r.iamAuthorized() ? "  (Authorization: Bearer <admin token>)" : "").append('\n')));
        b.append("  Admin token  ").append(cloud.adminToken()).append('\n');
        b.append("  DynamoDB     ").append(cloud.dynamoDbEndpoint()).append("  (table ").append(cloud.tableName("HookrunTable")).append(")\n");
        b.append("  SQS          ").append(cloud.sqsEndpoint()).append('\n');
        cloud.queueUrls().forEach((id, url) -> b.append("    ").append(String.format("%-22s %s", id, url)).append('\n'));
        b.append("  PostgreSQL   ").append(cloud.postgres().jdbcUrl()).append("  (pid ").append(cloud.postgres().pid())
                .append(")\n    freeze it: ").append(cloud.postgres().freezeCommand())
                .append("    thaw it: ").append(cloud.postgres().freezeCommand().replace("-STOP", "-CONT")).append('\n');
        return b.toString();
    }
}
