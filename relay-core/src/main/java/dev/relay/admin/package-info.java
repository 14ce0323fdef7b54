/**
 * The admin server (Netty HTTP): {@code /healthz} (liveness), {@code /readyz} (readiness, with each receiver's and
 * exporter's state), {@code /metrics} (Prometheus text of every {@code relay_*} meter plus JVM and process
 * meters), {@code /tap} (Server-Sent Events of what leaves a pipeline's processors), {@code /activity/stream} (Server-Sent Events bridged from a Redis channel or stream) and {@code /monitor}
 * (a self-contained page showing that stream live); and the Collector's {@code health_check} extension, on the admin
 * server's endpoint or on a {@link dev.relay.admin.HealthCheckServer} of its own. {@code POST /reload} calls a
 * {@link dev.relay.admin.ReloadTrigger} when the admin server listens on loopback.
 *
 * <p>Not an extension point. It reads the running {@link dev.relay.pipeline.PipelineGraph} (states, taps) and never a
 * component's internals; its settings ({@link dev.relay.admin.AdminSettings}, {@link dev.relay.admin.ActivityConfig}
 * with its {@link dev.relay.admin.ActivityAllowList},
 * {@link dev.relay.admin.HealthCheckSettings})
 * are parsed here, for the service's config loader.
 */
package dev.relay.admin;
