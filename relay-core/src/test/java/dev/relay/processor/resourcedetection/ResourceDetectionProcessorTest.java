package dev.relay.processor.resourcedetection;

import static dev.relay.testing.KeyValues.kv;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentId;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.TestLogs;
import dev.relay.testing.TestTraces;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Detection once at start, within the timeout; the Collector's merge rules on every batch. */
class ResourceDetectionProcessorTest {
  private static ResourceDetectionConfig config(boolean override, Duration timeout) {
    return new ResourceDetectionConfig(List.of("env"), override, timeout, List.of("os"), Set.of(), name -> null);
  }

  /** Key, value pairs in the order given (Map.of's order changes from one JVM to the next). */
  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Detector detector(String name, Map<String, String> found) {
    return new Detector() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Map<String, String> detect() {
        return found;
      }
    };
  }

  @Test
  void detectedAttributesJoinEveryResourceAndReplaceItsOwnWithOverride() {
    List<TracesBatch> out = new ArrayList<>();
    var p = new ResourceDetectionProcessor(ComponentId.parse("resourcedetection"), config(true, Duration.ofSeconds(5)),
        List.of(detector("a", ordered("service.name", "detected", "host.name", "h1")),
            detector("b", ordered("host.name", "h2", "cloud.region", "eu"))), out::add, null);
    p.start();
    var request = TestTraces.request(
        TestTraces.resource(List.of(kv("service.name", "shop"), kv("k", "v")), TestTraces.scope(TestTraces.span("x"))),
        TestTraces.resource(TestTraces.scope(TestTraces.span("y"))));
    p.consumeTraces(TracesBatch.of(request));
    var got = out.get(0).request();
    // The first detector wins host.name; service.name is replaced in place; new keys come last.
    assertThat(got.getResourceSpans(0).getResource().getAttributesList()).containsExactly(
        kv("service.name", "detected"), kv("k", "v"), kv("host.name", "h1"), kv("cloud.region", "eu"));
    assertThat(got.getResourceSpans(1).getResource().getAttributesList()).containsExactly(
        kv("service.name", "detected"), kv("host.name", "h1"), kv("cloud.region", "eu"));
    assertThat(got.getResourceSpans(1).getScopeSpans(0).getSpans(0).getName()).isEqualTo("y");
  }

  @Test
  void withoutOverrideAResourceKeepsItsOwnValues() {
    List<LogsBatch> out = new ArrayList<>();
    var p = new ResourceDetectionProcessor(ComponentId.parse("resourcedetection"),
        config(false, Duration.ofSeconds(5)), List.of(detector("a", ordered("service.name", "detected"))), null,
        out::add);
    p.start();
    p.consumeLogs(LogsBatch.of(TestLogs.request(
        TestLogs.resource(List.of(kv("service.name", "shop")), TestLogs.scope(TestLogs.record("e"))),
        TestLogs.resource(TestLogs.scope(TestLogs.record("f"))))));
    var got = out.get(0).request();
    assertThat(got.getResourceLogs(0).getResource().getAttributesList()).containsExactly(kv("service.name", "shop"));
    assertThat(got.getResourceLogs(1).getResource().getAttributesList())
        .containsExactly(kv("service.name", "detected"));
  }

  @Test
  void aDetectorThatFailsOrOverrunsTheTimeoutAddsNothing() {
    CountDownLatch never = new CountDownLatch(1);
    Detector stuck = new Detector() {
      @Override
      public String name() {
        return "stuck";
      }

      @Override
      public Map<String, String> detect() throws InterruptedException {
        never.await();
        return Map.of("stuck", "yes");
      }
    };
    Detector failing = new Detector() {
      @Override
      public String name() {
        return "failing";
      }

      @Override
      public Map<String, String> detect() {
        throw new IllegalStateException("no metadata");
      }
    };
    List<TracesBatch> out = new ArrayList<>();
    var p = new ResourceDetectionProcessor(ComponentId.parse("resourcedetection"),
        config(true, Duration.ofMillis(200)), List.of(failing, detector("ok", ordered("a", "1")), stuck), out::add,
        null);
    p.start();
    p.consumeTraces(TracesBatch.of(TestTraces.request("x")));
    assertThat(out.get(0).request().getResourceSpans(0).getResource().getAttributesList())
        .containsExactly(kv("a", "1"));
  }

  @Test
  void nothingDetectedPassesBatchesAsTheyCame() {
    List<TracesBatch> out = new ArrayList<>();
    var p = new ResourceDetectionProcessor(ComponentId.parse("resourcedetection"), config(true, Duration.ofSeconds(5)),
        List.of(detector("a", ordered())), out::add, null);
    p.start();
    TracesBatch in = TracesBatch.of(TestTraces.request("x"));
    p.consumeTraces(in);
    assertThat(out).containsExactly(in);
  }

  @Test
  void theSystemDetectorReportsTheHost() throws Exception {
    var system = new SystemDetector(List.of("os"),
        Set.of(SystemDetector.HOST_NAME, SystemDetector.OS_TYPE, SystemDetector.HOST_ID));
    Map<String, String> found = system.detect();
    assertThat(found).containsEntry("host.name", SystemDetector.osHostname())
        .containsEntry("os.type", SystemDetector.osType(System.getProperty("os.name")));
    if (SystemDetector.machineId() != null) {
      assertThat(found).containsEntry("host.id", SystemDetector.machineId());
    }
    assertThat(SystemDetector.osType("Linux")).isEqualTo("linux");
    assertThat(SystemDetector.osType("Mac OS X")).isEqualTo("darwin");
    assertThat(SystemDetector.osType("Windows Server 2022")).isEqualTo("windows");
    assertThat(SystemDetector.osType("SunOS")).isEqualTo("solaris");
    assertThat(new SystemDetector(List.of("os"), Set.of(SystemDetector.OS_TYPE)).detect()).containsOnlyKeys("os.type");
  }

  @Test
  void aResourceThatAlreadySaysWhatWasDetectedGoesOnAsItCame() throws Exception {
    List<TracesBatch> traces = new ArrayList<>();
    List<LogsBatch> logs = new ArrayList<>();
    var p = new ResourceDetectionProcessor(ComponentId.parse("resourcedetection"), config(true, Duration.ofSeconds(5)),
        List.of(detector("a", ordered("host.name", "h1"))), traces::add, logs::add);
    p.start();
    byte[] wire = TestTraces.request(TestTraces.resource(List.of(kv("host.name", "h1")),
        TestTraces.scope(TestTraces.span("x")))).toByteArray();
    p.consumeTraces(TracesBatch.fromWire(wire));
    assertThat(traces.get(0).bytes()).as("not re-encoded").isSameAs(wire);
    LogsBatch log = LogsBatch.of(TestLogs.request(
        TestLogs.resource(List.of(kv("host.name", "h1")), TestLogs.scope(TestLogs.record("e")))));
    p.consumeLogs(log);
    assertThat(logs.get(0)).isSameAs(log);
  }

  /** Metrics too, as in the Collector: the detected attributes join each metric group's resource. */
  @Test
  void metricsResourcesGetTheDetectedAttributes() {
    List<MetricsBatch> metrics = new ArrayList<>();
    var p = new ResourceDetectionProcessor(ComponentId.parse("resourcedetection"), config(false, Duration.ofSeconds(5)),
        List.of(detector("a", ordered("host.name", "h1"))), null, null, metrics::add);
    p.start();
    ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(ResourceMetrics.newBuilder().setResource(Resource.newBuilder()
            .addAttributes(kv("service.name", "s")))
            .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName("m")
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(1))))))
        .build();
    p.consumeMetrics(MetricsBatch.of(request));
    assertThat(metrics.get(0).request().getResourceMetrics(0).getResource().getAttributesList())
        .containsExactly(kv("service.name", "s"), kv("host.name", "h1"));
    assertThat(metrics.get(0).request().getResourceMetrics(0).getScopeMetrics(0))
        .isEqualTo(request.getResourceMetrics(0).getScopeMetrics(0));
    MetricsBatch already = MetricsBatch.of(request.toBuilder().setResourceMetrics(0, request.getResourceMetrics(0)
        .toBuilder().setResource(Resource.newBuilder().addAttributes(kv("host.name", "h1")))).build());
    p.consumeMetrics(already);
    assertThat(metrics.get(1)).isSameAs(already);
  }
}
