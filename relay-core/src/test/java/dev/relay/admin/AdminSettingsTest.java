package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.Secret;
import dev.relay.config.ServerSettings;
import dev.relay.config.YamlLoader;
import dev.relay.redis.RedisEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code service.admin}, read by admin itself: its endpoint, and the activity stream's Redis (own or lent). */
class AdminSettingsTest {
  private static final ActivityConfig.Lender LENDER =
      new ActivityConfig.Lender(new RedisEndpoint("redis://lent:6379", "u", Secret.of("p"), null), "exporters.redis/a");

  private final Problems problems = new Problems("relay.yaml");

  private AdminSettings parse(String yaml, ActivityConfig.Lender lender) {
    ConfigMap admin = new YamlLoader(k -> null).parse(yaml, problems);
    return AdminSettings.parse(admin, lender);
  }

  private List<String> faults() {
    return problems.list().stream().map(Object::toString).toList();
  }

  @Test
  void defaultsListenOnLocalhostAndBorrowTheLendersRedis() {
    AdminSettings a = parse("{}", LENDER);
    assertThat(faults()).isEmpty();
    assertThat(a.server()).isEqualTo(new ServerSettings("localhost", 13133));
    assertThat(a.activity().redis()).isSameAs(LENDER.redis());
    assertThat(a.activity().source()).isEqualTo("exporters.redis/a");
    assertThat(a.activity().heartbeat()).isEqualTo(ActivityConfig.DEFAULT_HEARTBEAT);
    assertThat(parse("{}", null).activity()).isEqualTo(ActivityConfig.none());
  }

  @Test
  void anOwnRedisWinsOverTheLender() {
    AdminSettings a = parse("""
        endpoint: 0.0.0.0:9000
        activity:
          redis:
            endpoint: redis-sentinel://s:26379#mymaster
            password: secret
          heartbeat: 2s
        """, LENDER);
    assertThat(faults()).isEmpty();
    assertThat(a.server()).isEqualTo(new ServerSettings("0.0.0.0", 9000));
    assertThat(a.activity().redis().endpoint()).isEqualTo("redis-sentinel://s:26379#mymaster");
    assertThat(a.activity().source()).isEqualTo("service.admin.activity.redis");
    assertThat(a.activity().heartbeat()).isEqualTo(Duration.ofSeconds(2));
    assertThat(a.activity().toString()).doesNotContain("secret");
  }

  @Test
  void noneTurnsTheServerOff() {
    assertThat(parse("endpoint: none", null).server()).isNull();
    assertThat(parse("endpoint: \"\"", null).server()).isNull();
    assertThat(faults()).isEmpty();
  }

  @Test
  void faultsNameTheirKeys() {
    parse("""
        endpoint: nope
        activity:
          redis:
            endpoint: redis-sentinel://s:26379
          max_clients: 0
        listen: x
        """, LENDER);
    assertThat(faults()).containsExactly(
        "relay.yaml:5: activity.max_clients: must be between 1 and 10000, found 0",
        "relay.yaml:4: activity.redis.endpoint: 'redis-sentinel://s:26379' needs the master's name:"
            + " redis-sentinel://host:port#mymaster",
        "relay.yaml:6: listen: unknown key 'listen' (known keys here: activity, auth, endpoint, idle_timeout,"
            + " metrics_auth, read_header_timeout, tap, tls, write_stall_timeout)",
        "relay.yaml:1: endpoint: 'nope' is not a host:port endpoint (e.g. 0.0.0.0:13133)");
  }

  @Test
  void tapLimitsHaveDefaultsAndBounds() {
    assertThat(parse("{}", null).tap()).isEqualTo(new TapConfig(16, Duration.ofMillis(100)));
    assertThat(parse("tap: {max_clients: 2, work_budget: 250ms}", null).tap())
        .isEqualTo(new TapConfig(2, Duration.ofMillis(250)));
    assertThat(faults()).isEmpty();
    parse("""
        tap:
          max_clients: 0
          work_budget: 2s
        """, null);
    assertThat(faults()).containsExactly(
        "relay.yaml:2: tap.max_clients: must be between 1 and 1000, found 0",
        "relay.yaml:3: tap.work_budget: must be more than 0 and at most 1s (it is a share of each second)");
  }

  @Test
  void timeoutsHaveDefaultsAndMustBePositive() {
    assertThat(parse("{}", null).timeouts()).isEqualTo(
        new AdminTimeouts(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(30)));
    assertThat(parse("{read_header_timeout: 1s, idle_timeout: 3s, write_stall_timeout: 2s}", null).timeouts())
        .isEqualTo(new AdminTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2)));
    assertThat(faults()).isEmpty();
    assertThat(parse("idle_timeout: 0s", null).timeouts()).isEqualTo(AdminTimeouts.DEFAULTS);
    assertThat(faults()).containsExactly("relay.yaml:1: idle_timeout: must be greater than zero");
  }
}
