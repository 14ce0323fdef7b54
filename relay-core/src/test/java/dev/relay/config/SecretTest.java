package dev.relay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one way a secret is masked: {@code [REDACTED]}, for values and for URL user info alike. */
class SecretTest {
  @Test
  void printsAsRedactedWhereverItEndsUp() {
    Secret s = Secret.of("Bearer tok-123");
    assertThat(s.toString()).isEqualTo("[REDACTED]");
    assertThat(Map.of("authorization", s).toString()).isEqualTo("{authorization=[REDACTED]}");
    assertThat(String.valueOf(s) + " " + s).doesNotContain("tok-123");
    assertThat(s.reveal()).isEqualTo("Bearer tok-123");
    assertThat(s).isEqualTo(Secret.of("Bearer tok-123")).isNotEqualTo(Secret.of("Bearer tok-124"));
    assertThat(Secret.of(null)).isNull();
  }

  @Test
  void readFromConfigAsText() {
    Problems p = new Problems("relay.yaml");
    ConfigMap m = new YamlLoader(k -> k.equals("TOKEN") ? "from-env" : null)
        .parse("token: ${env:TOKEN}\nempty:\nlisted: [a]\n", p);
    assertThat(m.secret("token").reveal()).isEqualTo("from-env");
    assertThat(m.secret("empty")).isNull();
    assertThat(m.secret("absent")).isNull();
    m.secret("listed");
    assertThat(p.list()).map(Object::toString).containsExactly(
        "relay.yaml:3: listed: expected a single value, found a list");
  }

  @Test
  void urlUserInfoIsMaskedTheSameWay() {
    assertThat(UrlCredentials.mask("redis://default:pw@redis:6379/0")).isEqualTo("redis://[REDACTED]@redis:6379/0");
    assertThat(UrlCredentials.mask("to rediss://u:p@a:1 and redis://:p2@b:2, done"))
        .isEqualTo("to rediss://[REDACTED]@a:1 and redis://[REDACTED]@b:2, done");
    assertThat(UrlCredentials.mask("redis://redis:6379")).isEqualTo("redis://redis:6379");
    assertThat(UrlCredentials.mask("mail a@b and http://x/y@z")).isEqualTo("mail a@b and http://x/y@z");
  }
}
