package dev.relay.service;

import dev.relay.builtin.BuiltinComponents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.admin.ActivityConfig;
import dev.relay.config.ConfigException;
import dev.relay.config.YamlLoader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code service.admin.activity}: its own Redis, or the first non-cluster redis exporter's. */
class ActivityConfigTest {
  private static final String BASE = """
      receivers:
        otlp:
          protocols:
            grpc:
              endpoint: 127.0.0.1:4317
      exporters:
        debug: {}
      %s
      service:
        admin:
      %s
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [debug]
      """;

  private static RelayConfig parse(String exporters, String admin) throws ConfigException {
    return new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(k -> null))
        .parse("relay.yaml", BASE.formatted(exporters, admin));
  }

  private static List<String> faults(String exporters, String admin) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(exporters, admin));
    assertThat(e).as("config should be rejected").isNotNull();
    return e.problems().stream().map(Object::toString).toList();
  }

  private static final String TWO_REDIS = String.join("\n",
      "  redis/cluster:",
      "    cluster: true",
      "    endpoints: [redis://c1:7000]",
      "    routes: [{channel: x}]",
      "  redis/a:",
      "    endpoint: redis://a:6379",
      "    username: u",
      "    password: p",
      "    routes: [{channel: x}]",
      "  redis/b:",
      "    endpoint: redis://b:6379",
      "    routes: [{channel: x}]");

  @Test
  void withoutASectionTheFirstNonClusterRedisExporterIsUsed() throws Exception {
    ActivityConfig a = parse(TWO_REDIS, "    endpoint: localhost:13133").activity();
    assertThat(a.source()).isEqualTo("exporters.redis/a");
    assertThat(a.redis().endpoint()).isEqualTo("redis://a:6379");
    assertThat(a.redis().username()).isEqualTo("u");
    assertThat(a.redis().password().reveal()).isEqualTo("p");
    assertThat(a.heartbeat()).isEqualTo(Duration.ofSeconds(15));
    assertThat(a.clientBuffer()).isEqualTo(1000);
    assertThat(a.maxClients()).isEqualTo(64);
    assertThat(parse("", "    endpoint: localhost:13133").activity().redis()).isNull();
  }

  @Test
  void anExplicitRedisWins() throws Exception {
    ActivityConfig a = parse(TWO_REDIS, """
            activity:
              redis:
                endpoint: rediss://activity:6380
                username: reader
                password: secret
                tls: {insecure_skip_verify: true}
              heartbeat: 5s
              client_buffer: 50
              max_clients: 3
        """).activity();
    assertThat(a.source()).isEqualTo("service.admin.activity.redis");
    assertThat(a.redis().endpoint()).isEqualTo("rediss://activity:6380");
    assertThat(a.redis().username()).isEqualTo("reader");
    assertThat(a.redis().tls().insecureSkipVerify()).isTrue();
    assertThat(a.redis().toString()).doesNotContain("secret");
    assertThat(a.heartbeat()).isEqualTo(Duration.ofSeconds(5));
    assertThat(a.clientBuffer()).isEqualTo(50);
    assertThat(a.maxClients()).isEqualTo(3);
  }

  @Test
  void faultsNameTheirKeys() {
    assertThat(faults("", """
            activity:
              redis:
                endpoint: http://nope:1
                tls: {ca_file: x.pem}
                pasword: x
              heartbeat: 0s
              client_bufer: 3
        """)).containsExactlyInAnyOrder(
        "relay.yaml:16: service.admin.activity.heartbeat: must be greater than zero",
        "relay.yaml:13: service.admin.activity.redis.endpoint: 'http://nope:1' is not a redis://, rediss:// or "
            + "redis-sentinel:// endpoint, nor host:port",
        "relay.yaml:14: service.admin.activity.redis.tls: tls settings need a rediss:// endpoint",
        "relay.yaml:14: service.admin.activity.redis.tls.ca_file: cannot read 'x.pem'",
        "relay.yaml:15: service.admin.activity.redis.pasword: unknown key 'pasword' (known keys here: endpoint, "
            + "password, tls, username)",
        "relay.yaml:17: service.admin.activity.client_bufer: unknown key 'client_bufer' (known keys here: "
            + "allow, client_buffer, client_buffer_bytes, heartbeat, max_clients, redis)");
  }
}
