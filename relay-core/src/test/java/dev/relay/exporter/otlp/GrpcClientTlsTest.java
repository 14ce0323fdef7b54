package dev.relay.exporter.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.TlsSettings;
import dev.relay.config.YamlLoader;
import dev.relay.testing.TestCerts;
import dev.relay.testing.Tools;
import io.grpc.InsecureChannelCredentials;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.util.Arrays;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC channel's TLS as the settings say: real contexts from PEM files, and the versions they offer. */
class GrpcClientTlsTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void certificates() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
  }

  private static TlsSettings tls(String body) {
    Problems problems = new Problems("relay.yaml");
    ConfigMap root = new YamlLoader(k -> null).parse("tls:\n" + body.indent(2), problems);
    TlsSettings tls = TlsSettings.parseClient(root.map("tls"), false);
    assertThat(problems.list()).isEmpty();
    return tls;
  }

  private static SSLEngine engine(TlsSettings tls) throws Exception {
    SslContext context = GrpcClientTls.context(tls);
    assertThat(context.isClient()).isTrue();
    return context.newEngine(ByteBufAllocator.DEFAULT, "localhost", 4317);
  }

  @Test
  void theVersionsLimitWhatTheChannelOffers() throws Exception {
    String files = "ca_file: %s\ncert_file: %s\nkey_file: %s\n".formatted(dir.resolve("ca.crt"),
        dir.resolve("client.crt"), dir.resolve("client.key"));
    assertThat(engine(tls(files + "min_version: \"1.3\"")).getEnabledProtocols()).containsExactly("TLSv1.3");
    assertThat(engine(tls(files + "max_version: \"1.2\"")).getEnabledProtocols()).containsExactly("TLSv1.2");
    assertThat(Arrays.asList(engine(tls(files)).getEnabledProtocols())).as("the provider's defaults")
        .contains("TLSv1.3", "TLSv1.2").doesNotContain("TLSv1", "TLSv1.1");
  }

  @Test
  void insecureIsPlaintext() throws Exception {
    assertThat(GrpcClientTls.credentials(TlsSettings.client(true))).isInstanceOf(InsecureChannelCredentials.class);
    assertThat(GrpcClientTls.credentials(TlsSettings.client(false)))
        .isNotInstanceOf(InsecureChannelCredentials.class);
  }
}
