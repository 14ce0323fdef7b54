package dev.relay.json;

import dev.relay.ottl.ValueJson;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.relay.ottl.Timestamp;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  @Test
  void escapesAndEncodesUtf8() {
    JsonWriter w = new JsonWriter(4);
    w.beginObject().name("q\"uote").value("a\\b\n\t\u0001é€😀").name("n").nullValue().name("arr").beginArray()
        .value(1).value(2.5).value(true).endArray().endObject();
    assertThat(w.toString()).isEqualTo("{\"q\\\"uote\":\"a\\\\b\\n\\t\\u0001é€😀\",\"n\":null,\"arr\":[1,2.5,true]}");
    assertThat(w.toByteArray()).isEqualTo(w.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void resetReusesTheBuffer() {
    JsonWriter w = new JsonWriter(16);
    w.beginObject().name("a").value("x".repeat(100)).endObject();
    w.reset().beginArray().endArray();
    assertThat(w.toString()).isEqualTo("[]");
  }

  @Test
  void nonFiniteDoublesAreNullAndBytesBase64() {
    JsonWriter w = new JsonWriter(16);
    ValueJson.attributes(w, List.of(
        KeyValue.newBuilder().setKey("nan").setValue(AnyValue.newBuilder().setDoubleValue(Double.NaN)).build(),
        KeyValue.newBuilder().setKey("inf").setValue(AnyValue.newBuilder().setDoubleValue(Double.POSITIVE_INFINITY))
            .build(),
        KeyValue.newBuilder().setKey("bytes").setValue(AnyValue.newBuilder()
            .setBytesValue(ByteString.copyFrom(new byte[] {1, 2, 3}))).build(),
        KeyValue.newBuilder().setKey("list").setValue(AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
            .addValues(AnyValue.newBuilder().setIntValue(-7)).addValues(AnyValue.getDefaultInstance()))).build()));
    assertThat(w.toString()).isEqualTo("{\"nan\":null,\"inf\":null,\"bytes\":\"AQID\",\"list\":[-7,null]}");
  }

  @Test
  void timestampsAreRfc3339UtcWithMicroseconds() {
    DateTimeFormatter expected = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      long nanos = (long) (random.nextDouble() * 4_102_444_800_000_000_000L); // 1970 .. 2100
      Instant instant = Instant.ofEpochSecond(0, nanos);
      assertThat(new Timestamp(nanos).rfc3339()).isEqualTo(expected.format(instant));
    }
    assertThat(new Timestamp(0).rfc3339()).isEqualTo("1970-01-01T00:00:00.000000Z");
    assertThat(new Timestamp(1_795_752_306_123_456_789L).rfc3339()).isEqualTo("2026-11-27T04:05:06.123456Z");
  }
}
