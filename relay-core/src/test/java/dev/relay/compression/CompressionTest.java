package dev.relay.compression;

import static dev.relay.testing.ConfigFixture.exporter;
import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.relay.exporter.otlp.OtlpExporterConfig;
import dev.relay.testing.TestTraces;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class CompressionTest {
  private static String config(String compression) {
    return """
        receivers:
          otlp:
            protocols:
              grpc:
        exporters:
          otlp:
            endpoint: tempo:4317
        %s
        service:
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [otlp]
        """.formatted(compression.indent(4).stripTrailing());
  }

  @Test
  void readsTheCollectorsKeysWithItsDefaults() throws Exception {
    assertThat(((OtlpExporterConfig) exporter(parse(config("")), "otlp")).compression())
        .isEqualTo(Compression.GZIP).isEqualTo(new Compression(Compression.Type.GZIP, 1));
    // -1 stays zlib's own default (6), as the Collector reads it; only an unset level differs (fastest).
    assertThat(((OtlpExporterConfig) exporter(parse(config("compression: gzip\ncompression_params:\n  level: -1")),
        "otlp")).compression()).isEqualTo(new Compression(Compression.Type.GZIP, -1));
    assertThat(((OtlpExporterConfig) exporter(parse(config("compression: zstd")), "otlp")).compression())
        .isEqualTo(new Compression(Compression.Type.ZSTD, 3));
    assertThat(((OtlpExporterConfig) exporter(parse(config("compression: \"\"")), "otlp")).compression())
        .isEqualTo(Compression.NONE);
    assertThat(((OtlpExporterConfig) exporter(parse(config("compression: gzip\ncompression_params:\n  level: 1")),
        "otlp")).compression()).isEqualTo(new Compression(Compression.Type.GZIP, 1));
  }

  @Test
  void faultsNameTheKey() {
    assertThat(faults(config("compression: snappy"))).containsExactly(
        "relay.yaml:8: exporters.otlp.compression: 'snappy' is not supported by Relay: use gzip, zstd or none");
    assertThat(faults(config("compression: brotli"))).containsExactly(
        "relay.yaml:8: exporters.otlp.compression: 'brotli' is not a compression: use gzip, zstd or none");
    assertThat(faults(config("compression: zstd\ncompression_params:\n  level: 23"))).hasSize(1)
        .allSatisfy(f -> assertThat(f).startsWith("relay.yaml:10: exporters.otlp.compression_params.level: "));
    assertThat(faults(config("compression: gzip\ncompression_params:\n  level: 10"))).hasSize(1)
        .allSatisfy(f -> assertThat(f).startsWith("relay.yaml:10: exporters.otlp.compression_params.level: "));
    assertThat(faults(config("compression: none\ncompression_params:\n  level: 1"))).containsExactly(
        "relay.yaml:10: exporters.otlp.compression_params.level: a level needs a compression: compression is none");
  }

  @Test
  void everyLevelRoundTrips() throws Exception {
    byte[] a = TestTraces.request("a", "b").toByteArray();
    byte[] b = TestTraces.request("c").toByteArray();
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    for (int level : new int[] {-2, -1, 0, 1, 9}) {
      byte[] gz = new Compression(Compression.Type.GZIP, level).compress(List.of(a, b));
      assertThat(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes()).as("gzip %d", level)
          .isEqualTo(both);
    }
    for (int level : new int[] {1, 3, 22}) {
      byte[] z = new Compression(Compression.Type.ZSTD, level).compress(List.of(a, b));
      assertThat(Zstd.decompress(z, both.length)).as("zstd %d", level).isEqualTo(both);
    }
  }
}
