package dev.relay.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.consumer.Capabilities;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each exporter declares for each queue setting, and what a receiver's route makes of its pipelines: it may
 * block when any processor or exporter on any pipeline it feeds may.
 */
class GraphCapabilitiesTest {
  /** Nothing listens here: the exporters connect in the background and are never asked to deliver. */
  private static final String NOWHERE = "127.0.0.1:9";
  private static final ComponentId OTLP = ComponentId.parse("otlp");

  @TempDir
  Path dir;

  private static Capabilities exporter(TestRelay relay, String id) {
    return relay.graph().exporter(ComponentId.parse(id)).capabilities();
  }

  @Test
  void eachQueueSettingDeclaresWhetherTheCallerMayBlock() throws Exception {
    try (TestRedis redis = TestRedis.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .otlpExporter("otlp/memory", NOWHERE, "")
            .otlpExporter("otlp/sync", NOWHERE, "sending_queue: {enabled: false}\n")
            .otlpExporter("otlp/blocking", NOWHERE, "sending_queue: {block_on_overflow: true}\n")
            .otlpExporter("otlp/disk", NOWHERE, "sending_queue: {storage: %s}\n".formatted(dir))
            .exporter("otlphttp", "endpoint: http://" + NOWHERE + "\n")
            .exporter("otlphttp/sync", "endpoint: http://" + NOWHERE + "\nsending_queue: {enabled: false}\n")
            .redisExporter("redis", redis, "routes: [{channel: activity}]\n")
            .debugExporter()
            .exporter("nop", "")
            .pipeline("traces", List.of("otlp"), List.of("otlp/memory", "otlp/sync", "otlp/blocking", "otlp/disk",
                "otlphttp", "otlphttp/sync", "redis", "debug", "nop")))) {
      assertThat(exporter(relay, "otlp/memory")).isEqualTo(Capabilities.NEVER_BLOCKS);
      assertThat(exporter(relay, "otlp/sync")).isEqualTo(Capabilities.MAY_BLOCK);
      assertThat(exporter(relay, "otlp/blocking")).isEqualTo(Capabilities.MAY_BLOCK);
      assertThat(exporter(relay, "otlp/disk")).isEqualTo(Capabilities.MAY_BLOCK);
      assertThat(exporter(relay, "otlphttp")).isEqualTo(Capabilities.NEVER_BLOCKS);
      assertThat(exporter(relay, "otlphttp/sync")).isEqualTo(Capabilities.MAY_BLOCK);
      assertThat(exporter(relay, "redis")).isEqualTo(Capabilities.NEVER_BLOCKS);
      assertThat(exporter(relay, "debug")).isEqualTo(Capabilities.NEVER_BLOCKS);
      assertThat(exporter(relay, "nop")).isEqualTo(Capabilities.NEVER_BLOCKS);
      assertThat(relay.graph().receiverCapabilities(OTLP)).isEqualTo(Capabilities.MAY_BLOCK);
    }
  }

  /** Every processor only computes (or refuses at once), so a chain of them is as its exporters are. */
  private static TestConfig processors(TestConfig c) {
    return c
        .processor("batch", "")
        .processor("memory_limiter", "check_interval: 1s\nlimit_percentage: 99\nspike_limit_percentage: 1\n")
        .processor("filter", "traces: {span: ['attributes[\"drop\"] == true']}\n")
        .processor("transform", "trace_statements: ['set(span.attributes[\"seen\"], true)']\n")
        .processor("attributes", "actions: [{key: k, value: v, action: insert}]\n")
        .processor("resource", "attributes: [{key: k, value: v, action: upsert}]\n")
        .processor("probabilistic_sampler", "sampling_percentage: 50\n")
        .processor("resourcedetection", "detectors: [env]\n");
  }

  private static final List<String> ALL_PROCESSORS = List.of("memory_limiter", "resourcedetection", "filter",
      "transform", "attributes", "resource", "probabilistic_sampler", "batch");

  @Test
  void processorsNeverBlockSoAChainIsAsItsExportersAre() throws Exception {
    try (TestRelay relay = TestRelay.start(processors(new TestConfig())
        .otlpReceiver()
        .otlpExporter("otlp", NOWHERE, "")
        .debugExporter()
        .pipeline("traces", List.of("otlp"), ALL_PROCESSORS, List.of("otlp", "debug")))) {
      assertThat(relay.graph().receiverCapabilities(OTLP)).isEqualTo(Capabilities.NEVER_BLOCKS);
    }
    try (TestRelay relay = TestRelay.start(processors(new TestConfig())
        .otlpReceiver()
        .otlpExporter("otlp", NOWHERE, "sending_queue: {enabled: false}\n")
        .pipeline("traces", List.of("otlp"), ALL_PROCESSORS, List.of("otlp")))) {
      assertThat(relay.graph().receiverCapabilities(OTLP)).isEqualTo(Capabilities.MAY_BLOCK);
    }
  }

  @Test
  void aReceiverMayBlockWhenAnyPipelineItFeedsMay() throws Exception {
    try (TestRelay relay = TestRelay.start(new TestConfig()
        .otlpReceiver()
        .receiver("otlp/other", "protocols: {grpc: {endpoint: %s}}\n".formatted(TestConfig.ANY_PORT))
        .otlpExporter("otlp/memory", NOWHERE, "")
        .otlpExporter("otlp/sync", NOWHERE, "sending_queue: {enabled: false}\n")
        .exporter("nop", "")
        .pipeline("traces", List.of("otlp", "otlp/other"), List.of("otlp/memory"))
        .pipeline("traces/sync", List.of("otlp"), List.of("otlp/sync"))
        .pipeline("logs", List.of("otlp/other"), List.of("nop")))) {
      assertThat(relay.graph().receiverCapabilities(OTLP)).isEqualTo(Capabilities.MAY_BLOCK);
      assertThat(relay.graph().receiverCapabilities(ComponentId.parse("otlp/other")))
          .isEqualTo(Capabilities.NEVER_BLOCKS);
    }
  }
}
