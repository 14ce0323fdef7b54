package dev.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A listener's endpoint, and that only server TLS settings fit one. */
class ServerSettingsTest {
  private final Problems problems = new Problems("relay.yaml");

  private ServerSettings parse(String endpoint) {
    ConfigMap m = new YamlLoader(k -> null).parse("endpoint: \"" + endpoint + "\"\n", problems);
    return ServerSettings.endpoint(m, m.string("endpoint", null), "localhost:4317", "0.0.0.0:4317");
  }

  private List<String> faults() {
    return problems.list().stream().map(Object::toString).toList();
  }

  @Test
  void anEndpointIsWhereToListen() {
    ServerSettings s = parse("127.0.0.1:4317");
    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(4317);
    assertThat(s.endpoint()).isEqualTo("127.0.0.1:4317");
    assertThat(s.tls()).isNull();
    assertThat(parse(":4318").host()).as("an empty host is every interface").isEqualTo("0.0.0.0");
    assertThat(parse("[::1]:0").host()).isEqualTo("::1");
    assertThat(faults()).isEmpty();
  }

  @Test
  void aBadEndpointIsAFaultAndTheFallbackStandsIn() {
    assertThat(parse("nope")).isEqualTo(new ServerSettings("localhost", 4317));
    assertThat(faults()).containsExactly(
        "relay.yaml:1: endpoint: 'nope' is not a host:port endpoint (e.g. 0.0.0.0:4317)");
  }

  @Test
  void aListenerTakesOnlyServerTls() {
    assertThatThrownBy(() -> new ServerSettings("localhost", 4317, TlsSettings.client(false)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
