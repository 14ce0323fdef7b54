package dev.relay.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The validator must agree with protobuf-java's parser on every input: same accept/reject, same span count. */
class WireValidatorTest {
  private static KeyValue kv(String k, AnyValue v) {
    return KeyValue.newBuilder().setKey(k).setValue(v).build();
  }

  static ExportTraceServiceRequest sample(Random random, int resources) {
    ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
    for (int r = 0; r < resources; r++) {
      ScopeSpans.Builder ss = ScopeSpans.newBuilder()
          .setScope(InstrumentationScope.newBuilder().setName("scope-é").setVersion("1"));
      int spans = 1 + random.nextInt(5);
      for (int s = 0; s < spans; s++) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        ss.addSpans(Span.newBuilder()
            .setTraceId(ByteString.copyFrom(id))
            .setSpanId(ByteString.copyFrom(id, 0, 8))
            .setName("span €" + s)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(random.nextLong())
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("x"))
            .addAttributes(kv("s", AnyValue.newBuilder().setStringValue("v😀").build()))
            .addAttributes(kv("d", AnyValue.newBuilder().setDoubleValue(1.5).build()))
            .addAttributes(kv("list", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                .addValues(AnyValue.newBuilder().setIntValue(-1))
                .addValues(AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                    .addValues(kv("in", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(id)).build())))))
                .build()))
            .addEvents(Span.Event.newBuilder().setName("gateway.x").setTimeUnixNano(5)
                .addAttributes(kv("b", AnyValue.newBuilder().setBoolValue(true).build())))
            .addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(id)).setTraceState("k=v")));
      }
      req.addResourceSpans(ResourceSpans.newBuilder()
          .setResource(Resource.newBuilder().addAttributes(kv("service.name",
              AnyValue.newBuilder().setStringValue("svc").build())))
          .addScopeSpans(ss)
          .setSchemaUrl("https://opentelemetry.io/schemas/1.21.0"));
    }
    return req.build();
  }

  private static int spans(ExportTraceServiceRequest r) {
    return TracesBatch.of(r).spanCount();
  }

  /** Asserts the validator and the parser agree on {@code bytes}. */
  private static void agree(byte[] bytes) {
    ExportTraceServiceRequest parsed;
    try {
      parsed = ExportTraceServiceRequest.parseFrom(bytes);
      if (!idsValid(parsed)) {
        parsed = null; // the validator also enforces id lengths, as Tempo does
      }
    } catch (InvalidProtocolBufferException e) {
      parsed = null;
    }
    Integer counted;
    String fault = "";
    try {
      counted = WireValidator.validateTraces(bytes);
    } catch (InvalidProtocolBufferException e) {
      counted = null;
      fault = e.getMessage();
    }
    if (parsed != null && counted == null && fault.equals("malformed varint") && hasTenContinuationBytes(bytes)) {
      // Deliberately stricter: protobuf-java's fast path lets a 10-byte varint end on a continuation byte; Go's
      // protowire (and so Tempo) rejects it, so forwarding such bytes would only fail further on.
      return;
    }
    if (parsed == null) {
      assertThat(counted).as("validator accepted what the parser rejects: %s", Arrays.toString(bytes)).isNull();
    } else {
      assertThat(counted).as("validator rejected (%s) what the parser accepts: %s", fault, Arrays.toString(bytes))
          .isEqualTo(spans(parsed));
    }
  }

  private static boolean idOk(ByteString id, int size) {
    return id.isEmpty() || id.size() == size;
  }

  static boolean idsValid(ExportTraceServiceRequest r) {
    for (ResourceSpans rs : r.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          if (!idOk(s.getTraceId(), 16) || !idOk(s.getSpanId(), 8) || !idOk(s.getParentSpanId(), 8)) {
            return false;
          }
          for (Span.Link l : s.getLinksList()) {
            if (!idOk(l.getTraceId(), 16) || !idOk(l.getSpanId(), 8)) {
              return false;
            }
          }
        }
      }
    }
    return true;
  }

  @Test
  void rejectsIdsOfTheWrongLength() {
    ExportTraceServiceRequest bad = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
            .setTraceId(ByteString.copyFrom(new byte[8])))))
        .build();
    assertThatThrownBy(() -> WireValidator.validateTraces(bad.toByteArray()))
        .isInstanceOf(InvalidProtocolBufferException.class).hasMessageContaining("8-byte id where 16 bytes");
  }

  private static boolean hasTenContinuationBytes(byte[] b) {
    int run = 0;
    for (byte x : b) {
      run = x < 0 ? run + 1 : 0;
      if (run >= 10) {
        return true;
      }
    }
    return false;
  }

  @Test
  void acceptsValidRequestsAndCountsTheirSpans() throws Exception {
    Random random = new Random(3);
    for (int i = 0; i < 50; i++) {
      ExportTraceServiceRequest r = sample(random, 1 + random.nextInt(3));
      assertThat(WireValidator.validateTraces(r.toByteArray())).isEqualTo(spans(r));
    }
    assertThat(WireValidator.validateTraces(new byte[0])).isZero();
  }

  /** Metrics with packed number fields: histogram bounds (doubles) and counts (fixed64), exponential counts. */
  private static io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest metrics(Random random) {
    var hist = io.opentelemetry.proto.metrics.v1.HistogramDataPoint.newBuilder().setCount(6).setSum(1.5)
        .setTimeUnixNano(random.nextLong());
    var exp = io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint.newBuilder().setScale(2);
    var buckets = io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint.Buckets.newBuilder();
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      hist.addExplicitBounds(random.nextDouble()).addBucketCounts(random.nextInt(1000));
      buckets.addBucketCounts(random.nextInt(1 << 20));
    }
    hist.addBucketCounts(1);
    exp.setPositive(buckets);
    return io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
            .addScopeMetrics(io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
                .addMetrics(io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName("latency")
                    .setHistogram(io.opentelemetry.proto.metrics.v1.Histogram.newBuilder().addDataPoints(hist)))
                .addMetrics(io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName("size")
                    .setExponentialHistogram(io.opentelemetry.proto.metrics.v1.ExponentialHistogram.newBuilder()
                        .addDataPoints(exp)))))
        .build();
  }

  @Test
  void packedNumberFieldsOfMetricsAreCheckedAsTheParserDoes() throws Exception {
    var valid = metrics(new Random(3));
    assertThat(WireValidator.validateMetrics(valid.toByteArray())).isEqualTo(2);
    Random random = new Random(5);
    int rejected = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] b = metrics(random).toByteArray();
      switch (random.nextInt(3)) {
        case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
        default -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
      }
      boolean parses;
      try {
        io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.parseFrom(b);
        parses = true;
      } catch (InvalidProtocolBufferException e) {
        parses = false;
      }
      boolean validates;
      String fault = "";
      try {
        WireValidator.validateMetrics(b);
        validates = true;
      } catch (InvalidProtocolBufferException e) {
        validates = false;
        fault = e.getMessage();
      }
      if (parses && !validates && (fault.contains("id where") || hasTenContinuationBytes(b))) {
        continue; // stricter on purpose, as for traces
      }
      assertThat(validates).as("validator (%s) vs parser on %s", fault, Arrays.toString(b)).isEqualTo(parses);
      rejected += parses ? 0 : 1;
    }
    assertThat(rejected).as("mutations the parser rejected").isGreaterThan(1000);
  }

  @Test
  void agreesWithTheParserOnMutatedRequests() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = sample(random, 1 + random.nextInt(2)).toByteArray();
      switch (random.nextInt(4)) {
        case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        case 1 -> b = Arrays.copyOf(b, random.nextInt(b.length));
        case 2 -> {
          for (int k = 0; k < 3; k++) {
            b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
          }
        }
        default -> {
          int at = random.nextInt(b.length);
          b[at] = (byte) (random.nextBoolean() ? 0x80 : 0xff);
        }
      }
      agree(b);
    }
  }

  @Test
  void agreesWithTheParserOnRandomBytes() {
    Random random = new Random(5);
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(64)];
      random.nextBytes(b);
      agree(b);
    }
  }

  @Test
  void agreesOnDeepNestingAroundTheRecursionLimit() {
    for (int depth = 90; depth <= 110; depth++) {
      AnyValue v = AnyValue.newBuilder().setStringValue("leaf").build();
      for (int i = 0; i < depth; i++) {
        v = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
      }
      ExportTraceServiceRequest r = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
          .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder().addAttributes(kv("deep", v)))))
          .build();
      agree(r.toByteArray());
    }
  }

  @Test
  void rejectsInvalidUtf8InStringsButNotInBytes() {
    byte[] name = "ok".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    ExportTraceServiceRequest r = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
        .addScopeSpans(ScopeSpans.newBuilder().addSpans(Span.newBuilder()
            .setNameBytes(ByteString.copyFrom(name))
            .addAttributes(kv("raw", AnyValue.newBuilder()
                .setBytesValue(ByteString.copyFrom(new byte[] {(byte) 0xc0, (byte) 0xaf})).build())))))
        .build();
    byte[] bytes = r.toByteArray();
    agree(bytes);
    // Turn the name "ok" into an overlong encoding, which the parser rejects.
    for (int i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] == 'o' && bytes[i + 1] == 'k') {
        bytes[i] = (byte) 0xc0;
        bytes[i + 1] = (byte) 0xaf;
      }
    }
    agree(bytes);
    assertThatThrownBy(() -> WireValidator.validateTraces(bytes)).isInstanceOf(InvalidProtocolBufferException.class);
  }

  @Test
  void unknownFieldsAndGroupsAreSkippedAsTheParserDoes() {
    byte[][] cases = {
        {0x10, 0x05}, // unknown varint field 2
        {0x1b, 0x08, 0x01, 0x1c}, // unknown group 3 holding a varint, properly closed
        {0x1b, 0x08, 0x01, 0x24}, // group closed by the wrong field number
        {0x1b, 0x08, 0x01}, // unterminated group
        {0x0c}, // stray end-group
        {0x0f}, // wire type 7
        {0x0a, 0x00, 0x0a, 0x02, 0x1a, 0x00}, // empty resource spans, then one with an empty schema_url
    };
    for (byte[] c : cases) {
      agree(c);
    }
  }
}
