package dev.relay.admin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code POST /reload} is served only by an admin server that listens on loopback. */
class ReloadEndpointTest {
  @Test
  void onlyLoopbackAddressesCount() {
    assertThat(ReloadEndpoint.isLoopback("127.0.0.1")).isTrue();
    assertThat(ReloadEndpoint.isLoopback("::1")).isTrue();
    assertThat(ReloadEndpoint.isLoopback("localhost")).isTrue();
    assertThat(ReloadEndpoint.isLoopback("0.0.0.0")).isFalse();
    assertThat(ReloadEndpoint.isLoopback("::")).isFalse();
    assertThat(ReloadEndpoint.isLoopback("192.0.2.1")).isFalse();
  }
}
