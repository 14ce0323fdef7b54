package dev.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.TestCerts;
import dev.relay.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One parser for every {@code tls} section: the client and server forms, versions, and the PEM checks. */
class TlsSettingsTest {
  @TempDir
  static Path dir;

  @BeforeAll
  static void certificates() throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
  }

  /** What a parser made of {@code tls:} holding {@code body}, with the faults it recorded. */
  private record Parsed(TlsSettings settings, List<String> faults) {}

  private static Parsed parse(String body, Function<ConfigMap, TlsSettings> parser) {
    Problems problems = new Problems("relay.yaml");
    ConfigMap root = new YamlLoader(k -> null).parse("tls:\n" + body.indent(2), problems);
    TlsSettings settings = parser.apply(root.map("tls"));
    return new Parsed(settings, problems.list().stream().map(Object::toString).toList());
  }

  private static Parsed client(String body) {
    return parse(body, tls -> TlsSettings.parseClient(tls, false));
  }

  private static Parsed server(String body) {
    return parse(body, TlsSettings::parseServer);
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void aClientReadsTheCollectorsKeys() {
    Parsed p = client("""
        ca_file: %s
        cert_file: %s
        key_file: %s
        insecure_skip_verify: true
        min_version: "1.3"
        reload_interval: 0s
        """.formatted(file("ca.crt"), file("client.crt"), file("client.key")));
    assertThat(p.faults()).isEmpty();
    TlsSettings tls = p.settings();
    assertThat(tls.form()).isEqualTo(TlsSettings.Form.CLIENT);
    assertThat(tls.caFile()).isEqualTo(file("ca.crt"));
    assertThat(tls.certFile()).isEqualTo(file("client.crt"));
    assertThat(tls.keyFile()).isEqualTo(file("client.key"));
    assertThat(tls.insecure()).isFalse();
    assertThat(tls.insecureSkipVerify()).isTrue();
    assertThat(tls.minVersion()).isEqualTo(TlsVersion.TLS_1_3);
    assertThat(tls.protocols()).containsExactly("TLSv1.3");
  }

  @Test
  void anEmptySectionIsTheDefaultClient() {
    Parsed p = client("{}");
    assertThat(p.faults()).isEmpty();
    assertThat(p.settings()).isEqualTo(TlsSettings.client(false));
    assertThat(p.settings().minVersion()).isEqualTo(TlsVersion.TLS_1_2);
    assertThat(p.settings().maxVersion()).isNull();
    assertThat(p.settings().protocols()).as("the provider's defaults stand").isEmpty();
    assertThat(parse("{}", tls -> TlsSettings.parseClient(tls, true)).settings().insecure()).isTrue();
    assertThat(client("insecure: false").settings().insecure()).isFalse();
  }

  @Test
  void versionsNameTheProtocolsToEnableNewestFirst() {
    assertThat(client("max_version: \"1.2\"").settings().protocols()).containsExactly("TLSv1.2");
    assertThat(client("min_version: \"1.1\"").settings().protocols())
        .containsExactly("TLSv1.3", "TLSv1.2", "TLSv1.1");
    assertThat(client("min_version: \"1.0\"\nmax_version: \"1.1\"").settings().protocols())
        .containsExactly("TLSv1.1", "TLSv1");
    assertThat(client("min_version: \"1.2\"\nmax_version: \"1.3\"").settings().protocols())
        .containsExactly("TLSv1.3", "TLSv1.2");
  }

  @Test
  void badVersionsAndAReloadIntervalAreFaultsAtTheirKeys() {
    assertThat(client("""
        min_version: "1.3"
        max_version: "1.2"
        """).faults()).containsExactly("relay.yaml:2: tls.min_version: min_version 1.3 is above max_version 1.2");
    assertThat(client("""
        min_version: TLSv1.2
        max_version: "1.4"
        reload_interval: 1h
        """).faults()).containsExactly(
        "relay.yaml:2: tls.min_version: 'TLSv1.2' is not a TLS version (1.0, 1.1, 1.2 or 1.3)",
        "relay.yaml:3: tls.max_version: '1.4' is not a TLS version (1.0, 1.1, 1.2 or 1.3)",
        "relay.yaml:4: tls.reload_interval: reload_interval is not supported yet on a client: its certificates are"
            + " read once, at start (a listener's tls rereads them)");
  }

  @Test
  void aServerReadsItsCertificateAndTheClientsCa() {
    Parsed p = server("""
        cert_file: %s
        key_file: %s
        client_ca_file: %s
        max_version: "1.2"
        """.formatted(file("server.crt"), file("server.key"), file("ca.crt")));
    assertThat(p.faults()).isEmpty();
    TlsSettings tls = p.settings();
    assertThat(tls.form()).isEqualTo(TlsSettings.Form.SERVER);
    assertThat(tls.certFile()).isEqualTo(file("server.crt"));
    assertThat(tls.keyFile()).isEqualTo(file("server.key"));
    assertThat(tls.clientCaFile()).isEqualTo(file("ca.crt"));
    assertThat(tls.caFile()).isNull();
    assertThat(tls.protocols()).containsExactly("TLSv1.2");
  }

  @Test
  void aServerReadsItsReloadIntervalAndCipherSuites() {
    Parsed p = server("""
        cert_file: %s
        key_file: %s
        reload_interval: 30s
        cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]
        """.formatted(file("server.crt"), file("server.key")));
    assertThat(p.faults()).isEmpty();
    assertThat(p.settings().reloadInterval()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(p.settings().cipherSuites())
        .containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    assertThat(server("""
        cert_file: %s
        key_file: %s
        cipher_suites: [TLS_FAKE_WITH_NOTHING, TLS_AES_128_GCM_SHA256]
        """.formatted(file("server.crt"), file("server.key"))).faults()).containsExactly(
        "relay.yaml:4: tls.cipher_suites: 'TLS_FAKE_WITH_NOTHING' is not a cipher suite this JVM offers (IANA names,"
            + " e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)",
        "relay.yaml:4: tls.cipher_suites: 'TLS_AES_128_GCM_SHA256' is a TLS 1.3 suite; as in the Collector,"
            + " cipher_suites chooses the suites of TLS 1.2 and below, and TLS 1.3 keeps its own");
  }

  @Test
  void eachFormRejectsTheOthersKeys() {
    assertThat(client("client_ca_file: " + file("ca.crt")).faults()).containsExactly(
        "relay.yaml:2: tls.client_ca_file: unknown key 'client_ca_file' (known keys here: ca_file, cert_file,"
            + " insecure, insecure_skip_verify, key_file, max_version, min_version, reload_interval)");
    assertThat(server("""
        cert_file: %s
        key_file: %s
        insecure: true
        insecure_skip_verify: true
        ca_file: %s
        """.formatted(file("server.crt"), file("server.key"), file("ca.crt"))).faults()).containsExactly(
        "relay.yaml:4: tls.insecure: unknown key 'insecure' (known keys here: cert_file, cipher_suites,"
            + " client_ca_file, key_file, max_version, min_version, reload_interval)",
        "relay.yaml:5: tls.insecure_skip_verify: unknown key 'insecure_skip_verify' (known keys here: cert_file,"
            + " cipher_suites, client_ca_file, key_file, max_version, min_version, reload_interval)",
        "relay.yaml:6: tls.ca_file: unknown key 'ca_file' (known keys here: cert_file, cipher_suites,"
            + " client_ca_file, key_file, max_version, min_version, reload_interval)");
  }

  @Test
  void aServerNeedsItsCertificate() {
    assertThat(server("client_ca_file: " + file("ca.crt")).faults())
        .containsExactly("relay.yaml:1: tls: a server's tls needs cert_file and key_file");
    assertThat(server("cert_file: " + file("server.crt")).faults())
        .containsExactly("relay.yaml:2: tls.cert_file: cert_file and key_file must be given together");
  }

  @Test
  void filesAreCheckedAtTheirKeys() throws Exception {
    Path derCert = Files.write(dir.resolve("der.crt"), new byte[] {0x30, (byte) 0x82, 0x03});
    Path rsaKey = dir.resolve("rsa.key");
    Files.writeString(rsaKey, "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
    Path encrypted = Files.writeString(dir.resolve("enc.key"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n");
    Path noKey = Files.writeString(dir.resolve("nokey.pem"), "hello\n");
    assertThat(client("""
        ca_file: %s
        cert_file: %s
        key_file: %s
        """.formatted(derCert, file("missing.crt"), rsaKey)).faults()).containsExactly(
        "relay.yaml:2: tls.ca_file: '" + derCert + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)",
        "relay.yaml:3: tls.cert_file: cannot read '" + file("missing.crt") + "'",
        "relay.yaml:4: tls.key_file: '" + rsaKey + "' holds a key in the traditional format (BEGIN RSA/EC PRIVATE"
            + " KEY); give it in PKCS#8 (BEGIN PRIVATE KEY): openssl pkcs8 -topk8 -nocrypt -in " + rsaKey
            + " -out key.pem");
    assertThat(server("""
        cert_file: %s
        key_file: %s
        client_ca_file: %s
        """.formatted(file("server.crt"), encrypted, file("server.key"))).faults()).containsExactly(
        "relay.yaml:4: tls.client_ca_file: '" + file("server.key") + "' holds no PEM certificate (-----BEGIN"
            + " CERTIFICATE-----)",
        "relay.yaml:3: tls.key_file: '" + encrypted + "' holds an encrypted key; give it unencrypted in PKCS#8:"
            + " openssl pkcs8 -topk8 -nocrypt -in " + encrypted + " -out key.pem");
    assertThat(client("key_file: " + noKey + "\ncert_file: " + file("client.crt")).faults()).containsExactly(
        "relay.yaml:2: tls.key_file: '" + noKey + "' holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    assertThat(client("key_file: " + file("client.key")).faults()).as("the fault is at the key that is given")
        .containsExactly("relay.yaml:2: tls.key_file: cert_file and key_file must be given together");
  }

  @Test
  void settingsPrintTheirKeysAndCompareByValue() {
    TlsSettings tls = client("cert_file: %s\nkey_file: %s".formatted(file("client.crt"), file("client.key")))
        .settings();
    assertThat(tls.toString()).isEqualTo("TlsSettings[CLIENT, cert_file=" + file("client.crt") + ", key_file="
        + file("client.key") + ", min_version=1.2]");
    assertThat(tls).isEqualTo(client("cert_file: %s\nkey_file: %s".formatted(file("client.crt"),
        file("client.key"))).settings()).hasSameHashCodeAs(client("cert_file: %s\nkey_file: %s".formatted(
        file("client.crt"), file("client.key"))).settings());
    assertThat(tls).isNotEqualTo(TlsSettings.client(false));
  }
}
