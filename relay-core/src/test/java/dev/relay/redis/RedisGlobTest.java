package dev.relay.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Redis glob matching, as PSUBSCRIBE and ACL patterns match. */
class RedisGlobTest {
  @Test
  void matchesAsRedisDoes() {
    assertThat(RedisGlob.matches("luthien:call:*", "luthien:call:abc")).isTrue();
    assertThat(RedisGlob.matches("luthien:call:*", "luthien:call:")).isTrue();
    assertThat(RedisGlob.matches("luthien:call:*", "luthien:calls")).isFalse();
    assertThat(RedisGlob.matches("a*b*c", "axxbyyc")).isTrue();
    assertThat(RedisGlob.matches("a*b*c", "axxbyy")).isFalse();
    assertThat(RedisGlob.matches("h?llo", "hello")).isTrue();
    assertThat(RedisGlob.matches("h?llo", "hllo")).isFalse();
    assertThat(RedisGlob.matches("h[ae]llo", "hallo")).isTrue();
    assertThat(RedisGlob.matches("h[^e]llo", "hello")).isFalse();
    assertThat(RedisGlob.matches("h[a-b]llo", "hbllo")).isTrue();
    assertThat(RedisGlob.matches("h[a-b]llo", "hcllo")).isFalse();
    assertThat(RedisGlob.matches("a\\*b", "a*b")).isTrue();
    assertThat(RedisGlob.matches("a\\*b", "axb")).isFalse();
    assertThat(RedisGlob.matches("*", "")).isTrue();
    assertThat(RedisGlob.matches("exact", "exact")).isTrue();
    assertThat(RedisGlob.matches("exact", "exact2")).isFalse();
    // Many stars against a long near miss: one backtrack point, so this is quick.
    assertThat(RedisGlob.matches("*a*a*a*a*a*a*a*b", "a".repeat(10_000))).isFalse();
  }

  @Test
  void patternCharacters() {
    assertThat(RedisGlob.isPattern("luthien:activity")).isFalse();
    assertThat(RedisGlob.isPattern("a*")).isTrue();
    assertThat(RedisGlob.isPattern("a?")).isTrue();
    assertThat(RedisGlob.isPattern("a[b]")).isTrue();
    assertThat(RedisGlob.isPattern("a\\b")).isTrue();
  }
}
