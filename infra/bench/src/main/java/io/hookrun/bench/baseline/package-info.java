/**
 * The floor each hookrun function's cold start is measured against: plain Java Lambda handlers, no Micronaut, that
 * build the same SDK clients (DynamoDB and SQS on url-connection-client, JDBC to PostgreSQL) and make the same first
 * calls as the function does for the same event. They are not a second implementation of hookrun: they check no
 * signature, migrate no schema and validate no workflow; they only do the I/O a first request needs.
 */
package io.hookrun.bench.baseline;
