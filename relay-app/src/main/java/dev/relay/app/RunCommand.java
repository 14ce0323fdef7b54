package dev.relay.app;

import dev.relay.component.TelemetrySettings;
import dev.relay.pipeline.PipelineGraph;
import dev.relay.service.RelayConfig;
import dev.relay.admin.AdminServer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code relay run --config FILE}: runs the pipelines until SIGTERM or SIGINT, then drains and stops. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the relay.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger("relay");

  @CommandLine.Mixin
  ConfigOption config;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    RelayConfig cfg = config.load(spec.commandLine().getErr());
    if (cfg == null) {
      return RelayMain.EXIT_USAGE;
    }
    long t0 = System.nanoTime();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    PipelineGraph graph = PipelineGraph.build(cfg, new TelemetrySettings(registry));
    AdminServer admin = cfg.adminHost() == null
        ? null : new AdminServer(cfg.adminHost(), cfg.adminPort(), registry, () -> graph, cfg.activity());
    try {
      graph.start();
    } catch (Exception e) {
      spec.commandLine().getErr().println("relay: cannot start: " + e.getMessage());
      return RelayMain.EXIT_RUNTIME;
    }
    if (admin != null) {
      try {
        admin.start();
      } catch (Exception e) {
        // Telemetry must not take the data path down: run without it, loudly.
        LOG.error("admin server cannot listen on {}:{} ({}); running without /healthz, /readyz, /metrics and /activity/stream",
            cfg.adminHost(), cfg.adminPort(), e.toString());
        admin.close();
        admin = null;
      }
    }
    AdminServer started = admin;
    LOG.info("relay started in {} ms with {}", (System.nanoTime() - t0) / 1_000_000, config.file);
    for (String line : graph.describe()) {
      LOG.info("  {}", line);
    }
    if (started != null) {
      LOG.info("  {}", started.describe());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("relay stopping: draining exporters (up to {})", cfg.shutdownTimeout());
      graph.shutdown();
      if (started != null) {
        started.close();
      }
      LOG.info("relay stopped");
      stopped.countDown();
    }, "relay-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return RelayMain.EXIT_OK;
  }
}
