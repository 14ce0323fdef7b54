package dev.relay.service;

import dev.relay.admin.AdminServer;
import dev.relay.admin.HealthCheckServer;
import dev.relay.admin.HealthCheckSettings;
import dev.relay.component.InFlightBudget;
import dev.relay.auth.Authenticators;
import dev.relay.admin.ReloadTrigger;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigException;
import dev.relay.pipeline.ConfigDiff;
import dev.relay.pipeline.PipelineGraph;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the running relay: builds the pipeline graph from a {@link RelayConfig}, starts it downstream first, runs
 * the admin server beside it, and drains and stops both. The command line only loads a config and hands it here.
 * {@link #reload} applies a new config to the running graph (see docs/reloading.md); everything outside the graph
 * (the admin server, {@code health_check}, {@code service.telemetry}) needs a restart to change.
 */
public final class RelayService {
  private static final Logger LOG = LoggerFactory.getLogger("relay");

  private final PrometheusMeterRegistry registry;
  private final TelemetrySettings telemetry;
  private final ReloadMeters reloadMeters;
  private volatile ConfigSource source;
  private volatile RelayConfig config;
  private volatile PipelineGraph graph;
  private Authenticators authenticators = Authenticators.none();
  private AdminServer admin;
  private HealthCheckServer healthCheck;
  private java.util.Optional<HeapGiveBack> heapGiveBack = java.util.Optional.empty();
  private boolean stopped;

  /** With the registry every component registers its meters in, and that {@code /metrics} serves. */
  public RelayService(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.telemetry = new TelemetrySettings(registry);
    InFlightMeters.register(registry, InFlightBudget.process());
    this.reloadMeters = new ReloadMeters(registry);
  }

  /**
   * Where {@link #reload()} (SIGHUP, {@code --watch-config}, {@code POST /reload}) loads the config again from.
   * Set before {@link #start}, so the admin server serves {@code POST /reload}.
   */
  public RelayService reloadFrom(ConfigSource source) {
    this.source = source;
    return this;
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
    authenticators = Authenticators.start(config.authExtensions().values());
    PipelineGraph built;
    try {
      built = PipelineGraph.build(config.graph(),
          new TelemetrySettings(telemetry.meterRegistry(), authenticators));
      built.start();
    } catch (Exception | Error e) {
      authenticators.close();
      throw e;
    }
    this.config = config;
    this.graph = built;
    heapGiveBack = HeapGiveBack.start(registry);
    HealthCheckSettings health = config.healthCheck();
    boolean healthOnAdmin = health != null && config.admin().server() != null
        && health.server().equals(config.admin().server());
    if (config.adminHost() != null) {
      AdminServer server = new AdminServer(config.adminHost(), config.adminPort(), registry, this::graph,
          config.activity()).tls(config.admin().server().tls())
          .access(config.admin().auth() == null ? null
              : authenticators.server(config.admin().auth().authenticator()), config.admin().metricsAuth());
      server.limitTaps(config.admin().tap()).timeouts(config.admin().timeouts());
      if (healthOnAdmin) {
        server.serveHealthCheck(health.path());
      }
      server.showConfigHash(() -> this.config.hash());
      if (source != null) {
        server.serveReload(() -> {
          ReloadResult r = reload();
          return new ReloadTrigger.Answer(r.outcome().word(), r.faults());
        });
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
   * Loads the config again from {@link #reloadFrom its source} and applies it. An invalid config changes nothing:
   * its faults are logged as {@code relay validate} prints them and returned.
   */
  public ReloadResult reload() {
    ConfigSource from = source;
    if (from == null) {
      return fail(List.of("this relay was not given a config source to reload from"));
    }
    RelayConfig next;
    try {
      next = from.load();
    } catch (ConfigException e) {
      List<String> faults = e.problems().stream().map(Object::toString).toList();
      LOG.error("reload rejected: invalid configuration ({} fault{}); the running configuration stays:",
          faults.size(), faults.size() == 1 ? "" : "s");
      for (String f : faults) {
        LOG.error("  {}", f);
      }
      return fail(faults);
    } catch (RuntimeException e) {
      LOG.error("reload rejected: {}; the running configuration stays", e.toString());
      return fail(List.of(String.valueOf(e.getMessage())));
    }
    return reload(next);
  }

  /**
   * Applies {@code next}, which is valid, to the running relay: what did not change keeps running, the rest is
   * replaced and drained (see {@link PipelineGraph#reload}). Logs one line with what was added, changed, removed
   * and kept. Reloads happen one at a time.
   */
  public synchronized ReloadResult reload(RelayConfig next) {
    Objects.requireNonNull(next, "next");
    RelayConfig current = config;
    if (graph == null || stopped) {
      return fail(List.of("the relay is not running"));
    }
    for (String warning : next.warnings()) {
      LOG.warn("{}", warning);
    }
    ConfigDiff diff = ConfigDiff.between(current.graph(), next.graph());
    if (diff.unchanged() && next.hash().equals(current.hash())
        && next.shutdownTimeout().equals(current.shutdownTimeout())
        && next.authExtensions().equals(current.authExtensions())) { // a token from ${env:...} changes no hash
      LOG.info("reload: configuration {} unchanged", current.hash());
      reloadMeters.record(ReloadResult.Outcome.UNCHANGED);
      return new ReloadResult(ReloadResult.Outcome.UNCHANGED, List.of(), diff);
    }
    // Changed auth extensions are built first (their files read) and swapped in once the graph has switched: every
    // component holds a stand-in per extension id, so its next request is checked (or signed) by the new settings.
    List<String> authChanged = changedExtensions(current, next);
    Authenticators.Update auth = null;
    if (!authChanged.isEmpty()) {
      try {
        auth = authenticators.prepare(next.authExtensions().values());
      } catch (IOException e) {
        LOG.error("reload rejected: auth extensions: {}", e.getMessage());
        return fail(List.of("auth extensions: " + e.getMessage()));
      }
    }
    try {
      diff = graph.reload(next.graph(), next.shutdownTimeout());
    } catch (Exception e) {
      if (graph.config() == next.graph()) {
        config = next; // switched, but a replacement did not start: the new config runs, short of that part
        if (auth != null) {
          auth.apply();
        }
      }
      LOG.error("reload failed: {}", e.getMessage());
      return fail(List.of(String.valueOf(e.getMessage())));
    }
    warnIfNeedsRestart("service.admin", current.admin(), next.admin());
    warnIfNeedsRestart("health_check", current.healthCheck(), next.healthCheck());
    warnIfNeedsRestart("service.telemetry", current.telemetry(), next.telemetry());
    InFlightBudget.process().resize(next.inFlightBytes()); // held bytes stay held; new requests see the new size
    if (auth != null) {
      auth.apply();
    }
    config = next;
    LOG.info("reload: config {} -> {}: {}{}", current.hash(), next.hash(), diff.summary(),
        authChanged.isEmpty() ? "" : "; auth extensions changed in place " + authChanged);
    reloadMeters.record(ReloadResult.Outcome.SUCCESS);
    return new ReloadResult(ReloadResult.Outcome.SUCCESS, List.of(), diff);
  }

  /** The ids of auth extensions added, changed or removed (their settings are never logged: they hold secrets). */
  private static List<String> changedExtensions(RelayConfig current, RelayConfig next) {
    java.util.Set<String> ids = new java.util.TreeSet<>(current.authExtensions().keySet());
    ids.addAll(next.authExtensions().keySet());
    return ids.stream()
        .filter(id -> !Objects.equals(current.authExtensions().get(id), next.authExtensions().get(id)))
        .toList();
  }

  private ReloadResult fail(List<String> faults) {
    reloadMeters.record(ReloadResult.Outcome.FAILED);
    return ReloadResult.failed(faults);
  }

  private static void warnIfNeedsRestart(String what, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      LOG.warn("reload: {} changed; it takes effect after a restart", what);
    }
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
    heapGiveBack.ifPresent(HeapGiveBack::close);
    if (graph != null) {
      graph.shutdown(timeout);
    }
    if (admin != null) {
      admin.close();
    }
    if (healthCheck != null) {
      healthCheck.close();
    }
    authenticators.close();
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
