package dev.relay.app;

import dev.relay.service.RelayConfig;
import dev.relay.service.RelayService;
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

/**
 * {@code relay run --config FILE}: loads the config, hands it to a {@link RelayService}, and stops it on SIGTERM or
 * SIGINT. Wiring only: the lifecycle lives in the service.
 */
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
    for (String warning : cfg.warnings()) {
      LOG.warn("{}", warning);
    }
    long t0 = System.nanoTime();
    RelayService service = new RelayService(registryWithJvmMeters());
    try {
      service.start(cfg);
    } catch (Exception e) {
      spec.commandLine().getErr().println("relay: cannot start: " + e.getMessage());
      return RelayMain.EXIT_RUNTIME;
    }
    LOG.info("relay started in {} ms with {}", (System.nanoTime() - t0) / 1_000_000, config.file);
    for (String line : service.describe()) {
      LOG.info("  {}", line);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      LOG.info("relay stopping: draining exporters (up to {})", cfg.shutdownTimeout());
      service.shutdown();
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

  private static PrometheusMeterRegistry registryWithJvmMeters() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}
