/**
 * The admin server (Netty HTTP): {@code /healthz} (liveness), {@code /readyz} (readiness, with each receiver's and
 * exporter's state), {@code /metrics} (Prometheus text of every {@code relay_*} meter plus JVM and process
 * meters), {@code /tap} (Server-Sent Events of what leaves a pipeline's processors), {@code /activity/stream} (Server-Sent Events bridged from a Redis channel or stream) and {@code /monitor}
 * (a self-contained page showing that stream live).
 */
package dev.relay.admin;
