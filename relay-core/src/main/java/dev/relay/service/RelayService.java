package dev.relay.service;

import dev.relay.admin.AdminServer;
import dev.relay.admin.HealthCheckServer;
import dev.relay.admin.HealthCheckSettings;
import dev.relay.component.InFlightBudget;
import dev.relay.component.TelemetrySettings;
import dev.relay.pipeline.PipelineGraph;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running relay: builds the pipeline graph from a {@link RelayConfig}, starts it downstream first, runs
 * the admin server beside it, and drains and stops both. The command line only loads a config and hands it here;
 * hot reload ({@link #reload}) is the seam where a new config will be applied to the running graph.
 */
public final class RelayService {
  private static final Logger LOG = LoggerFactory.getLogger("relay");

  private final PrometheusMeterRegistry registry;
  private final TelemetrySettings telemetry;
  private volatile RelayConfig config;
  private volatile PipelineGraph graph;
  private AdminServer admin;
  private HealthCheckServer healthCheck;
  private boolean stopped;

  /** With the registry every component registers its meters in, and that {@code /metrics} serves. */
  public RelayService(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.telemetry = new TelemetrySettings(registry);
    InFlightMeters.register(registry, InFlightBudget.process());
  }

  /**
   * Builds and starts the graph, then the admin server. A graph that cannot start (a port in use, say) is stopped
   * and its failure thrown: the relay cannot run. An admin server that cannot listen is logged and left out, since
   * telemetry must not take the data path down.
   */
  public synchronized void start(RelayConfig config) throws Exception {
    if (graph != null || stopped) {
      throw new IllegalStateException("the relay service was already started");
    }
    InFlightBudget.process().resize(config.inFlightBytes());
    PipelineGraph built = PipelineGraph.build(config.graph(), telemetry);
    built.start();
    this.config = config;
    this.graph = built;
    HealthCheckSettings health = config.healthCheck();
    boolean healthOnAdmin = health != null && config.admin().server() != null
        && health.server().equals(config.admin().server());
    if (config.adminHost() != null) {
      AdminServer server = new AdminServer(config.adminHost(), config.adminPort(), registry, this::graph,
          config.activity());
      server.limitTaps(config.admin().tap());
      if (healthOnAdmin) {
        server.serveHealthCheck(health.path());
      }
      try {
        server.start();
        admin = server;
      } catch (Exception e) {
        LOG.error("admin server cannot listen on {}:{} ({}); running without /healthz, /readyz, /metrics and "
            + "/activity/stream", config.adminHost(), config.adminPort(), e.toString());
        server.close();
      }
    }
    if (health != null && !healthOnAdmin) {
      HealthCheckServer server = new HealthCheckServer(health, this::graph);
      try {
        server.start();
        healthCheck = server;
      } catch (Exception e) {
        LOG.error("health_check cannot listen on {} ({}); running without it", health.server().endpoint(),
            e.toString());
        server.close();
      }
    }
  }

  /**
   * Applies a new configuration to the running relay. Not supported yet: a changed config needs a restart.
   *
   * @throws UnsupportedOperationException always, until hot reload lands
   */
  public void reload(RelayConfig next) {
    Objects.requireNonNull(next, "next");
    throw new UnsupportedOperationException("hot reload is not supported yet: restart the relay to apply "
        + next.file());
  }

  /**
   * Stops receiving, drains the exporters for up to {@code timeout}, then stops the admin server (so readiness
   * reports the drain). Safe to call more than once; later calls do nothing.
   */
  public synchronized void shutdown(Duration timeout) {
    if (stopped) {
      return;
    }
    stopped = true;
    if (graph != null) {
      graph.shutdown(timeout);
    }
    if (admin != null) {
      admin.close();
    }
    if (healthCheck != null) {
      healthCheck.close();
    }
  }

  /** Stops with the configured {@code service.shutdown_timeout}. */
  public void shutdown() {
    RelayConfig c = config;
    shutdown(c == null ? Duration.ZERO : c.shutdownTimeout());
  }

  /** The running graph, or null before {@link #start}. */
  public PipelineGraph graph() {
    return graph;
  }

  /** The configuration the relay runs, or null before {@link #start}. */
  public RelayConfig config() {
    return config;
  }

  /** The admin server's bound port, or -1 when there is none. */
  public synchronized int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  /** The {@code health_check} extension's own listener's port, or -1 when it has none (or shares the admin's). */
  public synchronized int healthCheckPort() {
    return healthCheck == null ? -1 : healthCheck.port();
  }

  /** The start-up summary: what listens where, each pipeline, and the admin server. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>(graph == null ? List.of() : graph.describe());
    synchronized (this) {
      if (admin != null) {
        lines.add(admin.describe());
      }
      if (healthCheck != null) {
        lines.add(healthCheck.describe());
      }
    }
    return lines;
  }
}
