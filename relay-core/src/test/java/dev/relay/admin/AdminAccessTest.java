package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.auth.Authenticators;
import dev.relay.auth.BearerTokenSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin server's one access rule: the address and Host checks, and which paths need what. */
class AdminAccessTest {
  private static InetSocketAddress at(String address) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(address), 50000);
  }

  private static InetSocketAddress mapped(int a, int b, int c, int d) throws Exception {
    byte[] bytes = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) a, (byte) b, (byte) c, (byte) d};
    // Inet6Address.getByAddress keeps the IPv6 form that InetAddress.getByAddress would turn into IPv4.
    return new InetSocketAddress(Inet6Address.getByAddress(null, bytes, null), 50000);
  }

  @Test
  void loopbackIsIpv4AndIpv6LoopbackIncludingIpv4Mapped() throws Exception {
    assertThat(AdminAccess.isLoopback(at("127.0.0.1"))).isTrue();
    assertThat(AdminAccess.isLoopback(at("127.3.2.1"))).isTrue();
    assertThat(AdminAccess.isLoopback(at("::1"))).isTrue();
    assertThat(AdminAccess.isLoopback(mapped(127, 0, 0, 1))).isTrue();
    assertThat(AdminAccess.isLoopback(mapped(10, 0, 0, 1))).isFalse();
    assertThat(AdminAccess.isLoopback(at("10.1.2.3"))).isFalse();
    assertThat(AdminAccess.isLoopback(at("192.168.0.10"))).isFalse();
    assertThat(AdminAccess.isLoopback(at("fe80::1"))).isFalse();
    assertThat(AdminAccess.isLoopback(at("::"))).isFalse();
    assertThat(AdminAccess.isLoopback(InetSocketAddress.createUnresolved("localhost", 1))).isFalse();
  }

  @Test
  void theHostMustNameThisServerWithOrWithoutAPort() {
    AdminAccess access = new AdminAccess(null, false, "relay.internal", new SimpleMeterRegistry());
    for (String own : List.of("localhost", "LOCALHOST:13133", "127.0.0.1", "127.0.0.1:8080", "[::1]", "[::1]:13133",
        "relay.internal", "relay.internal:13133")) {
      assertThat(access.isOwnHost(own)).as(own).isTrue();
    }
    for (String foreign : List.of("evil.example", "evil.example:13133", "localhost.evil.example", "127.0.0.2",
        "localhost:", "localhost:x", "[::2]:13133", "")) {
      assertThat(access.isOwnHost(foreign)).as(foreign).isFalse();
    }
    AdminAccess wildcard = new AdminAccess(null, false, "0.0.0.0", new SimpleMeterRegistry());
    assertThat(wildcard.isOwnHost("0.0.0.0")).isFalse();
    assertThat(wildcard.isOwnHost("localhost:13133")).isTrue();
    assertThat(new AdminAccess(null, false, "::1", new SimpleMeterRegistry()).isOwnHost("[::1]:1")).isTrue();
  }

  @Test
  void probesAreOpenMetricsAsConfiguredAndEverythingElseIsData() {
    assertThat(AdminAccess.kindOf("/healthz", null)).isEqualTo(AdminAccess.Kind.PROBE);
    assertThat(AdminAccess.kindOf("/readyz", "/health")).isEqualTo(AdminAccess.Kind.PROBE);
    assertThat(AdminAccess.kindOf("/health", "/health")).isEqualTo(AdminAccess.Kind.PROBE);
    assertThat(AdminAccess.kindOf("/metrics", null)).isEqualTo(AdminAccess.Kind.METRICS);
    for (String data : List.of("/tap", "/activity/stream", "/monitor", "/reload", "/nope")) {
      assertThat(AdminAccess.kindOf(data, null)).as(data).isEqualTo(AdminAccess.Kind.DATA);
    }
  }

  @Test
  void withoutAuthDataIsForLoopbackClientsThatNameThisServer() throws Exception {
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    AdminAccess access = new AdminAccess(null, false, "localhost", meters);
    var none = (dev.relay.auth.ServerAuthenticator.HeaderLookup) name -> null;
    assertThat(access.check(AdminAccess.Kind.DATA, at("127.0.0.1"), "localhost:13133", none).served()).isTrue();
    assertThat(access.check(AdminAccess.Kind.DATA, at("127.0.0.1"), null, none).served()).isTrue();
    assertThat(access.check(AdminAccess.Kind.DATA, at("10.0.0.5"), "localhost", none).status()).isEqualTo(403);
    assertThat(access.check(AdminAccess.Kind.DATA, at("::1"), "evil.example", none).status()).isEqualTo(421);
    assertThat(access.check(AdminAccess.Kind.METRICS, at("10.0.0.5"), "pod-ip", none).served()).isTrue();
    assertThat(access.check(AdminAccess.Kind.PROBE, at("10.0.0.5"), "pod-ip", none).served()).isTrue();
    assertThat(meters.get("relay.admin.refused.requests").tag("reason", "not_loopback").counter().count())
        .isEqualTo(1);
    assertThat(meters.get("relay.admin.refused.requests").tag("reason", "host").counter().count()).isEqualTo(1);
  }

  @Test
  void withAuthDataAndOptionallyMetricsNeedCredentialsFromAnywhere() throws Exception {
    try (Authenticators auth = Authenticators.start(List.of(
        new BearerTokenSettings("bearertokenauth", "Bearer", "Authorization", List.of("t"), null)))) {
      AdminAccess access = new AdminAccess(auth.server("bearertokenauth"), true, "0.0.0.0", new SimpleMeterRegistry());
      Map<String, String> good = Map.of("authorization", "Bearer t");
      assertThat(access.check(AdminAccess.Kind.DATA, at("10.0.0.5"), "relay.svc", good::get).served()).isTrue();
      AdminAccess.Verdict missing = access.check(AdminAccess.Kind.DATA, at("127.0.0.1"), "localhost", n -> null);
      assertThat(missing.status()).isEqualTo(401);
      assertThat(missing.challenge()).isEqualTo("Bearer realm=\"relay\"");
      assertThat(access.check(AdminAccess.Kind.METRICS, at("10.0.0.5"), "x", n -> null).status()).isEqualTo(401);
      assertThat(access.check(AdminAccess.Kind.PROBE, at("10.0.0.5"), "x", n -> null).served()).isTrue();
    }
  }
}
