package io.hookrun.health;

/**
 * A component's state, and the readiness answer's. Only DOWN of a component hookrun cannot work without (the table,
 * the queues, the database) makes readiness answer 503: a load balancer then takes this deployment out. DEGRADED
 * answers 200: an open circuit breaker means one downstream is failing, and dead letters mean some runs need a look,
 * but hookrun still accepts webhooks and runs every other workflow, so taking it out would turn one bad downstream
 * into a full outage.
 */
public enum HealthStatus {
    UP, DEGRADED, DOWN
}
