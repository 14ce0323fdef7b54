/**
 * The admin server (Netty HTTP): {@code /healthz} (liveness), {@code /readyz} (readiness, with each receiver's and
 * exporter's state) and {@code /metrics} (Prometheus text of every {@code relay_*} meter plus JVM and process
 * meters), for Kubernetes probes and Prometheus.
 */
package dev.relay.admin;
