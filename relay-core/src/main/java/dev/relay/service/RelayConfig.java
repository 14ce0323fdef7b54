package dev.relay.service;

import dev.relay.admin.ActivityConfig;
import dev.relay.admin.AdminSettings;
import dev.relay.admin.HealthCheckSettings;
import dev.relay.auth.AuthExtensionSettings;
import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.PipelineId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.ReceiverFactory;
import dev.relay.pipeline.Configured;
import dev.relay.pipeline.GraphConfig;
import dev.relay.pipeline.PipelineConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated configuration: every component parsed by its factory, every pipeline's references resolved
 * ({@code graph}), and the service's own settings. {@code admin} holds {@code service.admin}: the admin server's
 * endpoint and its {@code /activity/stream}. {@code healthCheck} is the {@code health_check} extension to serve (null:
 * none is listed in {@code service.extensions}); {@code telemetry} holds {@code service.telemetry}. {@code warnings}
 * are what the file deserves a word about without being wrong (a deprecated name, a setting accepted and not acted
 * on, an unset variable that became empty), each as {@code file:line: key.path: message}, for {@code relay
 * validate} and start-up to print once. {@code authExtensions} are the auth extensions listed in
 * {@code service.extensions}, by id, every reference to one checked. {@code hash} is a short SHA-256 of the merged
 * configuration as written (references not expanded: no secret given by reference enters it), shown by
 * {@code /readyz} so that one can tell which config a relay runs. {@code inFlightBytes} is
 * {@code service.limits.in_flight_bytes}, the receivers' shared budget for request data in flight.
 */
public record RelayConfig(
    String file,
    GraphConfig graph,
    Duration shutdownTimeout,
    AdminSettings admin,
    HealthCheckSettings healthCheck,
    ServiceTelemetry telemetry,
    List<String> warnings,
    Map<String, AuthExtensionSettings> authExtensions,
    String hash,
    long inFlightBytes) {
  public RelayConfig {
    warnings = List.copyOf(warnings);
    authExtensions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(authExtensions));
  }

  /** Without auth extensions or a hash, with the default in-flight budget: for configs built in code. */
  public RelayConfig(String file, GraphConfig graph, Duration shutdownTimeout, AdminSettings admin,
      HealthCheckSettings healthCheck, ServiceTelemetry telemetry, List<String> warnings) {
    this(file, graph, shutdownTimeout, admin, healthCheck, telemetry, warnings, Map.of(), "");
  }

  /** With the default in-flight budget ({@code service.limits}). */
  public RelayConfig(String file, GraphConfig graph, Duration shutdownTimeout, AdminSettings admin,
      HealthCheckSettings healthCheck, ServiceTelemetry telemetry, List<String> warnings,
      Map<String, AuthExtensionSettings> authExtensions, String hash) {
    this(file, graph, shutdownTimeout, admin, healthCheck, telemetry, warnings, authExtensions, hash,
        dev.relay.component.InFlightBudget.defaultBytes());
  }

  public Map<ComponentId, Configured<ReceiverFactory<?>>> receivers() {
    return graph.receivers();
  }

  public Map<ComponentId, Configured<ProcessorFactory<?>>> processors() {
    return graph.processors();
  }

  public Map<ComponentId, Configured<ExporterFactory<?>>> exporters() {
    return graph.exporters();
  }

  public Map<PipelineId, PipelineConfig> pipelines() {
    return graph.pipelines();
  }

  /** The admin server's address to bind; null when it is turned off. */
  public String adminHost() {
    return admin.server() == null ? null : admin.server().host();
  }

  public int adminPort() {
    return admin.server() == null ? 0 : admin.server().port();
  }

  public ActivityConfig activity() {
    return admin.activity();
  }
}
