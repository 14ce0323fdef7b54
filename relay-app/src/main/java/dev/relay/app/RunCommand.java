package dev.relay.app;

import dev.relay.app.logging.BackgroundStderr;
import dev.relay.service.ConfigWatcher;
import dev.relay.service.RelayConfig;
import dev.relay.service.RelayService;
import dev.relay.service.ServiceTelemetry;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code relay run --config FILE [--watch-config]}: loads the config, hands it to a {@link RelayService}, reloads it
 * on SIGHUP (and, with {@code --watch-config}, when the files change), and stops it on SIGTERM or SIGINT. Wiring
 * only: the lifecycle lives in the service.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the relay.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger("relay");

  @CommandLine.Mixin
  ConfigOption config;

  @CommandLine.Option(names = "--watch-config", description = "Reload when the config files change (their content"
      + " is compared about four times a second; a change is applied once it has settled for 1 s). Kubernetes"
      + " ConfigMap updates are seen.")
  boolean watchConfig;

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
    Logging.writeInBackground();
    Logging.apply(cfg.telemetry().logs());
    for (String warning : cfg.warnings()) {
      LOG.warn("{}", warning);
    }
    // Before the start: a SIGTERM while the relay starts then stops it as soon as it has started, with exit code 0.
    StopSignals signals = StopSignals.install();
    long t0 = System.nanoTime();
    RelayService service = new RelayService(registryWithJvmMeters(cfg.telemetry())).reloadFrom(config.source());
    try {
      service.start(cfg);
    } catch (Exception e) {
      if (cfg.telemetry().logs().json()) {
        LOG.error("relay cannot start: {}", e.getMessage()); // a JSON-logging relay writes nothing but JSON lines
      } else {
        Logging.flush(); // the lines logged while starting come first
        spec.commandLine().getErr().println("relay: cannot start: " + e.getMessage());
      }
      return RelayMain.EXIT_RUNTIME;
    }
    Reloads reloads = new Reloads(service);
    reloads.onSighup();
    ConfigWatcher watcher = watchConfig
        ? new ConfigWatcher(config.paths(), Duration.ofSeconds(1), () -> reloads.request("config files changed"))
            .start()
        : null;
    // The signal handlers stop the relay and let it return 0; the shutdown hook covers every other way the JVM
    // is told to end (System.exit elsewhere). Whichever comes first does the stopping. SIGHUP reloads. All are in
    // place before "relay started" is logged, which is what tests and operators wait for.
    AtomicBoolean stopping = new AtomicBoolean();
    Runnable stop = () -> {
      if (stopping.compareAndSet(false, true)) {
        if (watcher != null) {
          watcher.close();
        }
        reloads.close();
        LOG.info("relay stopping: draining exporters (up to {})", service.config().shutdownTimeout());
        service.shutdown();
        LOG.info("relay stopped");
        Logging.flush(); // also when a shutdown hook, not main, is the last to run
      }
    };
    Runtime.getRuntime().addShutdownHook(new Thread(stop, "relay-shutdown"));
    LOG.info("relay started in {} ms with {}", (System.nanoTime() - t0) / 1_000_000, config.describe());
    for (String line : service.describe()) {
      LOG.info("  {}", line);
    }
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
    FunctionCounter.builder(Meters.LOG_LINES_DROPPED, BackgroundStderr.class, c -> BackgroundStderr.droppedLines())
        .description("Log lines dropped because stderr did not keep up").register(registry);
    return registry;
  }
}
