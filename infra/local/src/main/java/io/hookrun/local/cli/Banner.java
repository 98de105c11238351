package io.hookrun.local.cli;

import io.hookrun.local.cloud.LocalCloud;

/** What {@code hookrun local} prints once everything listens: where each piece is and how to poke it. */
final class Banner {

    private Banner() {
    }

    static String of(LocalCloud cloud) {
        StringBuilder b = new StringBuilder();
        b.append("\nhookrun local is up (Ctrl-C stops everything)\n\n");
        b.append("  HTTP API     ").append(cloud.httpApi()).append('\n');
        cloud.functions().values().forEach(f -> f.function().routes().forEach(r -> b.append("    ")
                .append(String.format("%-6s %s%-22s -> %s", r.method(), cloud.httpApi(), r.path(), f.logicalId()))
                .append(r.iamAuthorized() ? "  (Authorization: Bearer <admin token>)" : "").append('\n')));
        b.append("  Console      ").append(cloud.httpApi()).append("/console/\n");
        b.append("  Admin token  ").append(cloud.adminToken())
                .append("  (set HOOKRUN_ADMIN_TOKEN to choose it)\n");
        b.append("    e.g.  curl -H 'Authorization: Bearer ").append(cloud.adminToken()).append("' ")
                .append(cloud.httpApi()).append("/admin/runs\n");
        b.append("  DynamoDB     ").append(cloud.dynamoDbEndpoint());
        cloud.tableNames().keySet().forEach(t -> b.append("  table ").append(t));
        b.append('\n');
        b.append("  SQS          ").append(cloud.sqsEndpoint());
        if (cloud.queuePollers() > 0) {
            b.append("  (").append(cloud.queuePollers()).append(" concurrent pollers per event source; --pollers N)");
            if (cloud.deliveryCopies() > 1) {
                b.append("\n    every batch is delivered ").append(cloud.deliveryCopies()).append(" times (--delivery-copies)");
            }
        }
        b.append('\n');
        cloud.queueUrls().forEach((id, url) -> b.append("    ").append(String.format("%-22s %s", id, url)).append('\n'));
        cloud.functions().values().forEach(f -> f.function().schedules().forEach(schedule -> b.append("  Schedule     ")
                .append(String.format("%-22s -> %s", schedule, f.logicalId())).append('\n')));
        // LocalCloud sets hookrun.outbound.allow-loopback=true on every function (docs/adr/0007, "Outbound safety")
        b.append("  Outbound     Tasks may call loopback addresses here (localhost, 127.0.0.1, ::1), so workflows can call\n")
                .append("               test servers on this machine; deployed, loopback is refused like every internal address\n")
                .append("               (169.254.169.254, private, unique-local) unless the OutboundAllowHosts parameter lists it\n");
        if (cloud.hasPostgres()) {
            b.append("  PostgreSQL   ").append(cloud.postgres().jdbcUrl()).append("  user ").append(cloud.postgres().username())
                    .append(" password ").append(cloud.postgres().password()).append("  (pid ").append(cloud.postgres().pid()).append(")\n")
                    .append("    freeze it (a hung database): ").append(cloud.postgres().freezeCommand()).append('\n')
                    .append("    thaw it:                     ").append(cloud.postgres().thawCommand()).append('\n');
        }
        return b.toString();
    }
}
