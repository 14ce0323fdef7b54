package dev.relay.processor.transform;

import dev.relay.component.ComponentId;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.otlp.MetricsBatch;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.ArrayList;
import java.util.List;

/** A transform processor for metrics made from the settings under {@code transform:}, and what it hands on. */
final class MetricTransforms {
  final List<MetricsBatch> out = new ArrayList<>();
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final MetricsProcessor processor;

  private MetricTransforms(TransformConfig config) {
    processor = new TransformProcessorFactory().createMetricsProcessor(new ComponentId("transform", ""), config,
        out::add, new TelemetrySettings(meters));
  }

  static MetricTransforms of(String settings) {
    Problems p = new Problems("relay.yaml");
    ConfigMap root = new YamlLoader(k -> null).parse("transform:\n" + TestConfig.indent(settings, 2), p);
    TransformConfig config = new TransformProcessorFactory().parseConfig(root.map("transform"));
    try {
      p.throwIfAny();
    } catch (Exception e) {
      throw new AssertionError(e.getMessage(), e);
    }
    return new MetricTransforms(config);
  }

  /** Sends the request as received bytes and returns the metrics of the first scope handed on. */
  List<Metric> run(ExportMetricsServiceRequest request) throws Exception {
    processor.consumeMetrics(MetricsBatch.fromWire(request.toByteArray()));
    return TestMetrics.metrics(out.get(out.size() - 1).request());
  }

  void consume(MetricsBatch batch) {
    processor.consumeMetrics(batch);
  }

  double errors() {
    return meters.counter("relay.processor.ottl.errors", "processor", "transform").count();
  }
}
