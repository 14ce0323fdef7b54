package dev.relay.processor.resource;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static dev.relay.testing.ConfigFixture.processor;
import static dev.relay.testing.KeyValues.kv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.otlp.MetricsBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code resource} processor's settings: its actions are checked when the config is read. */
class ResourceProcessorFactoryTest {
  private static final String PIPELINES = """
      exporters:
        debug:
      service:
        pipelines:
          traces:
            receivers: [otlp]
            processors: [%s]
            exporters: [debug]
          logs:
            receivers: [otlp]
            processors: [%s]
            exporters: [debug]
      """;
  private static final String METRICS = """
          metrics:
            receivers: [otlp]
            processors: [%s]
            exporters: [debug]
      """;

  @Test
  void everyActionIsAccepted() throws Exception {
    ResourceConfig c = processor(parse("""
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          resource:
            attributes:
              - {key: cloud.availability_zone, value: zone-1, action: upsert}
              - {key: k8s.cluster.name, from_attribute: k8s-cluster, action: insert}
              - {key: tenant, from_context: auth.tenant, default_value: t0, action: update}
              - {key: redundant-attribute, action: delete}
              - {key: host.id, action: hash}
              - {key: url, pattern: '(?P<scheme>[a-z]+)://', action: extract}
              - {key: port, action: convert, converted_type: int}
        """ + PIPELINES.formatted("resource", "resource")), "resource");
    assertThat(c.actions().size()).isEqualTo(7);
    assertThat(c.actions().contextKeys()).containsExactly("auth.tenant");
  }

  @Test
  void attributesAreRequired() {
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          resource:
            attributes:
          resource/typo:
            attributes:
              - {key: a, action: insert, value: 1}
            actions:
              - {key: a, action: insert, value: 1}
        """ + PIPELINES.formatted("resource", "resource/typo") + METRICS.formatted("resource");
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:5: processors.resource.attributes: 'attributes' is required: a list of at least one action"
            + " (insert, update, upsert, delete, hash, extract, convert)",
        "relay.yaml:9: processors.resource/typo.actions: unknown key 'actions' (known keys here: attributes)");
  }

  /** Metrics too, as in the Collector: the actions apply to each metric group's resource. */
  @Test
  void metricsResourcesAreEdited() throws Exception {
    ResourceConfig c = processor(parse("""
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          resource:
            attributes:
              - {key: deployment.environment, value: prod, action: upsert}
        """ + PIPELINES.formatted("resource", "resource") + METRICS.formatted("resource")), "resource");
    List<MetricsBatch> out = new ArrayList<>();
    var p = new ResourceProcessorFactory().createMetricsProcessor(ComponentId.parse("resource"), c, out::add,
        new TelemetrySettings(new SimpleMeterRegistry()));
    var request = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder()
            .setResource(Resource.newBuilder()
                .addAttributes(kv("service.name", "s"))))
        .build();
    p.consumeMetrics(MetricsBatch.of(request));
    assertThat(out.get(0).request().getResourceMetrics(0).getResource().getAttributesList())
        .containsExactly(kv("service.name", "s"), kv("deployment.environment", "prod"));
  }
}
