package dev.relay.testing;

import dev.relay.component.ComponentId;
import dev.relay.receiver.otlp.OtlpReceiver;
import dev.relay.service.RelayService;
import dev.relay.service.ReloadResult;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link RelayService} in the test JVM whose config source is {@link #yaml}, so {@link #reload(TestConfig)} (and
 * {@link RelayService#reload()}) apply what is there, as SIGHUP would.
 */
public final class LiveRelay implements AutoCloseable {
  public final AtomicReference<String> yaml;
  public final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  public final RelayService service = new RelayService(registry);

  public LiveRelay(TestConfig config) throws Exception {
    yaml = new AtomicReference<>(config.yaml());
    service.reloadFrom(() -> ConfigFixture.parse(yaml.get()));
    service.start(ConfigFixture.parse(yaml.get()));
  }

  public ReloadResult reload(TestConfig next) {
    yaml.set(next.yaml());
    return service.reload();
  }

  /** The running {@code otlp} receiver's gRPC port. */
  public int grpcPort() {
    return ((OtlpReceiver) service.graph().receiver(ComponentId.parse("otlp"))).grpcPort();
  }

  /** The running {@code otlp} receiver's HTTP port. */
  public int httpPort() {
    return ((OtlpReceiver) service.graph().receiver(ComponentId.parse("otlp"))).httpPort();
  }

  @Override
  public void close() {
    service.shutdown();
  }
}
