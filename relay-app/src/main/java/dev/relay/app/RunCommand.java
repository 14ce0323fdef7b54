package dev.relay.app;

import dev.relay.service.RelayConfig;
import dev.relay.service.RelayService;
import dev.relay.service.ServiceTelemetry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
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
    Logging.hold();
    RelayConfig cfg;
    try {
      cfg = config.load(spec.commandLine().getErr());
    } catch (RuntimeException e) {
      Logging.release();
      throw e;
    }
    if (cfg == null) {
      Logging.release();
      return RelayMain.EXIT_USAGE;
    }
    Logging.apply(cfg.telemetry().logs());
    for (String warning : cfg.warnings()) {
      LOG.warn("{}", warning);
    }
    long t0 = System.nanoTime();
    // Before anything starts: a stop signal that comes while the relay starts (or just after it said so) must be a
    // clean stop with exit 0, not the JVM's 128 + signal.
    StopSignals signals = StopSignals.install();
    RelayService service = new RelayService(registryWithJvmMeters(cfg.telemetry()));
    try {
      service.start(cfg);
    } catch (Exception e) {
      if (cfg.telemetry().logs().json()) {
        LOG.error("relay cannot start: {}", e.getMessage()); // a JSON-logging relay writes nothing but JSON lines
      } else {
        spec.commandLine().getErr().println("relay: cannot start: " + e.getMessage());
      }
      return RelayMain.EXIT_RUNTIME;
    }
    LOG.info("relay started in {} ms with {}", (System.nanoTime() - t0) / 1_000_000, config.describe());
    for (String line : service.describe()) {
      LOG.info("  {}", line);
    }
    // The signal handlers stop the relay and let it return 0; the shutdown hook covers every other way the JVM
    // is told to end (SIGHUP, System.exit elsewhere). Whichever comes first does the stopping.
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopping.compareAndSet(false, true)) {
        LOG.info("relay stopping: draining exporters (up to {})", cfg.shutdownTimeout());
        service.shutdown();
        LOG.info("relay stopped");
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "relay-shutdown"));
    try {
      signals.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    stop.run();
    return RelayMain.EXIT_OK;
  }

  /** The registry, its common tags from {@code service.telemetry.resource} set before any meter exists. */
  private static PrometheusMeterRegistry registryWithJvmMeters(ServiceTelemetry telemetry) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    telemetry.applyTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }
}
