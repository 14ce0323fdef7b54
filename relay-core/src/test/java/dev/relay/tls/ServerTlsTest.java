package dev.relay.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.TlsSettings;
import dev.relay.config.YamlLoader;
import dev.relay.testing.TestCerts;
import dev.relay.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rereading a listener's certificate: a whole rotation is taken, a half-written one waits for its other half. */
class ServerTlsTest {
  @TempDir
  Path dir;

  @BeforeEach
  void certificates() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
    TestCerts.server(dir, "next");
  }

  private TlsSettings settings(String more) {
    Problems problems = new Problems("relay.yaml");
    ConfigMap root = new YamlLoader(k -> null).parse("tls: {cert_file: %s, key_file: %s%s}".formatted(
        dir.resolve("server.crt"), dir.resolve("server.key"), more), problems);
    TlsSettings tls = TlsSettings.parseServer(root.map("tls"));
    assertThat(problems.list()).isEmpty();
    return tls;
  }

  private void replace(String from, String to) throws IOException {
    Files.copy(dir.resolve(from), dir.resolve(to), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void aHalfWrittenRotationKeepsTheCurrentCertificateUntilTheKeyMatches() throws Exception {
    try (ServerTls tls = ServerTls.load(settings(""), "test listener")) {
      assertThat(tls.currentSerial()).isEqualTo(TestCerts.serial(dir.resolve("server.crt")));
      var first = tls.currentSerial();
      replace("next.crt", "server.crt"); // the certificate is new, the key still the old one
      tls.reload();
      assertThat(tls.currentSerial()).isEqualTo(first);
      replace("next.key", "server.key");
      tls.reload();
      assertThat(tls.currentSerial()).isEqualTo(TestCerts.serial(dir.resolve("next.crt")));
      Files.delete(dir.resolve("server.key"));
      tls.reload(); // a file gone for a moment: the current certificate stays
      assertThat(tls.currentSerial()).isEqualTo(TestCerts.serial(dir.resolve("next.crt")));
      assertThat(tls.describe()).isEqualTo("TLS");
    }
  }

  @Test
  void aKeyThatIsNotTheCertificatesFailsTheStart() throws Exception {
    replace("next.key", "server.key");
    assertThatThrownBy(() -> ServerTls.load(settings(""), "receiver otlp (grpc)"))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("receiver otlp (grpc): TLS: the key in " + dir.resolve("server.key"));
  }

  @Test
  void describesMtlsAndTheReloadInterval() throws Exception {
    try (ServerTls tls = ServerTls.load(settings(", client_ca_file: " + dir.resolve("ca.crt")
        + ", reload_interval: 1h"), "admin server")) {
      assertThat(tls.describe()).isEqualTo("TLS with client certificates (mTLS), certificates reread every PT1H");
      assertThat(tls.httpContext().isServer()).isTrue();
      assertThat(tls.grpcContext().applicationProtocolNegotiator().protocols()).contains("h2");
    }
  }
}
