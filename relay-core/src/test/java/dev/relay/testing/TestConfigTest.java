package dev.relay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.component.PipelineId;
import dev.relay.otlp.Signal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The config builder writes the YAML a person would, and the relay reads it. */
class TestConfigTest {
  @Test
  void writesEachPartUnderItsSection() throws Exception {
    TestConfig config = new TestConfig()
        .otlpReceiver()
        .processor("transform", """
            trace_statements:
              - set(span.attributes["seen"], true)
            """)
        .otlpExporter("otlp/tempo", "127.0.0.1:4317", "timeout: 2s")
        .redisExporter("redis", "redis://127.0.0.1:6379", """
            routes:
              - channel: activity
            """)
        .debugExporter()
        .admin()
        .service("shutdown_timeout: 2s")
        .pipeline("traces", List.of("otlp"), List.of("transform"), List.of("otlp/tempo", "redis"))
        .pipeline("logs", List.of("otlp"), List.of("debug"));
    assertThat(config.yaml()).isEqualTo("""
        receivers:
          otlp:
            protocols:
              grpc:
                endpoint: 127.0.0.1:0
        processors:
          transform:
            trace_statements:
              - set(span.attributes["seen"], true)
        exporters:
          otlp/tempo:
            endpoint: 127.0.0.1:4317
            tls: {insecure: true}
            timeout: 2s
          redis:
            endpoint: redis://127.0.0.1:6379
            routes:
              - channel: activity
          debug:
        service:
          admin:
            endpoint: 127.0.0.1:0
          shutdown_timeout: 2s
          pipelines:
            traces:
              receivers: [otlp]
              processors: [transform]
              exporters: [otlp/tempo, redis]
            logs:
              receivers: [otlp]
              exporters: [debug]
        """);
    var loaded = config.load();
    assertThat(loaded.pipelines().keySet())
        .containsExactly(new PipelineId(Signal.TRACES, ""), new PipelineId(Signal.LOGS, ""));
    assertThat(loaded.exporters().keySet()).containsExactly(
        ComponentId.parse("otlp/tempo"), ComponentId.parse("redis"), ComponentId.parse("debug"));
    assertThat(loaded.adminPort()).isZero();
  }
}
