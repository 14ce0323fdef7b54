package dev.relay.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.service.RelayConfig;
import dev.relay.testing.ConfigFixture;
import dev.relay.testing.TestConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auth extensions' settings and every reference to one, as the loader checks them. */
class AuthConfigTest {
  @TempDir
  Path dir;

  private static String withReceiverAuth(String extensions, String listed, String authenticator) {
    return """
        extensions:
        %s
        receivers:
          otlp:
            protocols:
              grpc:
                auth:
                  authenticator: %s
        exporters:
          debug:
        service:
          extensions: [%s]
          pipelines:
            traces:
              receivers: [otlp]
              exporters: [debug]
        """.formatted(TestConfig.indent(extensions, 2).stripTrailing(), authenticator, listed);
  }

  @Test
  void aReferenceNeedsAListedExtensionOfTheRightSide() {
    String both = """
        bearertokenauth:
          token: t
        basicauth/client:
          client_auth: {username: u, password: p}
        """;
    assertThat(ConfigFixture.faults(withReceiverAuth(both, "bearertokenauth, basicauth/client", "nope")))
        .containsExactly("relay.yaml:11: receivers.otlp.protocols.grpc.auth.authenticator: authenticator 'nope' is"
            + " not an auth extension listed in service.extensions (listed: bearertokenauth, basicauth/client)");
    assertThat(ConfigFixture.faults(withReceiverAuth(both, "basicauth/client", "bearertokenauth")))
        .as("defined but not listed").containsExactly("relay.yaml:11: receivers.otlp.protocols.grpc.auth"
            + ".authenticator: authenticator 'bearertokenauth' is not an auth extension listed in service.extensions"
            + " (listed: basicauth/client)");
    assertThat(ConfigFixture.faults(withReceiverAuth(both, "bearertokenauth, basicauth/client", "basicauth/client")))
        .containsExactly("relay.yaml:11: receivers.otlp.protocols.grpc.auth.authenticator: 'basicauth/client'"
            + " authenticates an exporter (client_auth); checking clients needs htpasswd");
  }

  @Test
  void anExporterNeedsAnAuthenticatorThatSigns() {
    assertThat(ConfigFixture.faults("""
        extensions:
          basicauth/server:
            htpasswd: {inline: "u:p"}
        receivers:
          otlp:
            protocols: {grpc: {}}
        exporters:
          otlp:
            endpoint: tempo:4317
            auth: {authenticator: basicauth/server}
          otlphttp:
            endpoint: https://gateway
            auth: {authenticator: bearertokenauth}
        service:
          extensions: [basicauth/server]
          pipelines:
            traces: {receivers: [otlp], exporters: [otlp, otlphttp]}
        """)).containsExactly(
        "relay.yaml:10: exporters.otlp.auth.authenticator: 'basicauth/server' checks clients (htpasswd); an"
            + " exporter needs a basicauth with client_auth, or a bearertokenauth",
        "relay.yaml:13: exporters.otlphttp.auth.authenticator: authenticator 'bearertokenauth' is not an auth"
            + " extension listed in service.extensions (listed: basicauth/server)");
  }

  @Test
  void settingsAreReadAndNeverPrinted() throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "from-file");
    RelayConfig config = ConfigFixture.parse(withReceiverAuth("""
        bearertokenauth:
          token: top-secret
          scheme: Token
          header: X-Api-Key
        bearertokenauth/file:
          filename: %s
        basicauth:
          htpasswd:
            inline: |
              alice:{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=
        """.formatted(token), "bearertokenauth, bearertokenauth/file, basicauth", "basicauth"));
    var ext = config.authExtensions();
    assertThat(ext.keySet()).containsExactly("bearertokenauth", "bearertokenauth/file", "basicauth");
    assertThat(ext.get("bearertokenauth")).isEqualTo(
        new BearerTokenSettings("bearertokenauth", "Token", "X-Api-Key", List.of("top-secret"), null));
    assertThat(ext.get("bearertokenauth/file").toString()).isEqualTo(
        "bearertokenauth bearertokenauth/file (header Authorization, scheme Bearer, token from " + token + ")");
    assertThat(ext.values().stream().map(Object::toString))
        .noneMatch(s -> s.contains("top-secret") || s.contains("qUqP5"));
  }

  @Test
  void badSettingsAreFaultsAtTheirKeys() {
    assertThat(ConfigFixture.faults(withReceiverAuth("""
        bearertokenauth:
          scheme: Bearer
        basicauth:
          htpasswd:
            inline: |
              alice:$apr1$abc$def
              nocolon
          client_auth: {username: u, password: p}
        basicauth/none:
        """, "bearertokenauth, basicauth, basicauth/none", "bearertokenauth"))).containsExactly(
        "relay.yaml:2: extensions.bearertokenauth: bearertokenauth needs token, tokens or filename",
        "relay.yaml:6: extensions.basicauth.htpasswd.inline: line 1 (user alice): MD5 and crypt hashes are not"
            + " supported; use bcrypt (htpasswd -B) or SHA (htpasswd -s)",
        "relay.yaml:6: extensions.basicauth.htpasswd.inline: line 2 is not user:hash",
        "relay.yaml:4: extensions.basicauth: a basicauth extension is either a server's (htpasswd) or a client's"
            + " (client_auth), not both: define two, e.g. basicauth/server and basicauth/client",
        "relay.yaml:10: extensions.basicauth/none: basicauth needs htpasswd (to check clients) or client_auth (to"
            + " authenticate an exporter)");
  }
}
