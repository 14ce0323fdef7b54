package dev.relay.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class OtlpGrpcMethodsTest {
  private static final OtlpGrpcMethods.RawBytesMarshaller RAW = OtlpGrpcMethods.RawBytesMarshaller.INSTANCE;

  /** A stream that says how long it is, as gRPC's message streams do. */
  private static class Known extends ByteArrayInputStream implements KnownLength {
    Known(byte[] b) {
      super(b);
    }
  }

  @Test
  void outgoingBytesAreDrainedWhole() throws Exception {
    byte[] bytes = {1, 2, 3, 4, 5};
    InputStream in = RAW.stream(bytes);
    assertThat(in).isInstanceOf(io.grpc.Drainable.class).isInstanceOf(KnownLength.class);
    assertThat(in.available()).isEqualTo(5);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(((io.grpc.Drainable) in).drainTo(out)).isEqualTo(5);
    assertThat(out.toByteArray()).containsExactly(1, 2, 3, 4, 5);
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void partsAreDrainedAsTheirConcatenation() throws Exception {
    byte[][] parts = {{1, 2, 3}, {}, {4}, {5, 6}};
    InputStream in = OtlpGrpcMethods.PartsMarshaller.INSTANCE.stream(parts);
    assertThat(in).isInstanceOf(io.grpc.Drainable.class).isInstanceOf(KnownLength.class);
    assertThat(in.available()).isEqualTo(6);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(((io.grpc.Drainable) in).drainTo(out)).isEqualTo(6);
    assertThat(out.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(in.available()).isZero();
    assertThat(in.read()).isEqualTo(-1);
  }

  @Test
  void partsReadAsOneStreamByByteAndByBlock() throws Exception {
    byte[][] parts = {{1, 2, 3}, {}, {4}, {5, 6}};
    InputStream bytes = OtlpGrpcMethods.PartsMarshaller.INSTANCE.stream(parts);
    assertThat(bytes.read()).isEqualTo(1);
    assertThat(bytes.available()).isEqualTo(5);
    byte[] block = new byte[4];
    assertThat(bytes.read(block, 0, 4)).isEqualTo(4);
    assertThat(block).containsExactly(2, 3, 4, 5);
    // after a partial read, draining writes only what is left
    ByteArrayOutputStream rest = new ByteArrayOutputStream();
    assertThat(((io.grpc.Drainable) bytes).drainTo(rest)).isEqualTo(1);
    assertThat(rest.toByteArray()).containsExactly(6);
    assertThat(bytes.read(block, 0, 4)).isEqualTo(-1);
    assertThat(OtlpGrpcMethods.PartsMarshaller.INSTANCE.stream(parts).readAllBytes())
        .containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(OtlpGrpcMethods.PartsMarshaller.INSTANCE.stream(new byte[0][]).read()).isEqualTo(-1);
    assertThat(OtlpGrpcMethods.PartsMarshaller.INSTANCE.parse(new Known(new byte[] {7, 8})))
        .isDeepEqualTo(new byte[][] {{7, 8}});
  }

  @Test
  void incomingBytesAreReadWholeWhateverTheStream() {
    byte[] bytes = new byte[40_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    assertThat(RAW.parse(new Known(bytes))).isEqualTo(bytes);
    assertThat(RAW.parse(new ByteArrayInputStream(bytes))).isEqualTo(bytes); // e.g. a gzip stream: length unknown
    assertThat(RAW.parse(new Known(new byte[0]))).isEmpty();
    // A stream whose available() undercounts still yields every byte.
    InputStream liar = new Known(bytes) {
      @Override
      public synchronized int available() {
        return Math.min(super.available(), 10);
      }
    };
    assertThat(RAW.parse(liar)).isEqualTo(bytes);
  }
}
