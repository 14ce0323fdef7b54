package dev.relay.service;

import dev.relay.admin.ActivityConfig;
import dev.relay.admin.AdminSettings;
import dev.relay.component.ComponentId;
import dev.relay.component.ExporterFactory;
import dev.relay.component.PipelineId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.ReceiverFactory;
import java.time.Duration;
import java.util.Map;

/**
 * A validated configuration: every component parsed by its factory, every pipeline's references resolved. The
 * pipeline graph is built from this alone, so a new one can be built from a new file while the process runs.
 * {@code admin} holds {@code service.admin}: the admin server's endpoint and its {@code /activity/stream}.
 */
public record RelayConfig(
    String file,
    Map<ComponentId, Configured<ReceiverFactory<?>>> receivers,
    Map<ComponentId, Configured<ProcessorFactory<?>>> processors,
    Map<ComponentId, Configured<ExporterFactory<?>>> exporters,
    Map<PipelineId, PipelineConfig> pipelines,
    Duration shutdownTimeout,
    AdminSettings admin) {
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
