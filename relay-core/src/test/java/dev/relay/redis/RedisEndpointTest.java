package dev.relay.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.config.ConfigMap;
import dev.relay.config.Problems;
import dev.relay.config.Secret;
import dev.relay.config.TlsSettings;
import dev.relay.config.YamlLoader;
import dev.relay.testing.TestCerts;
import dev.relay.testing.Tools;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one Redis endpoint parser (URI, credentials, TLS) and its Lettuce form. */
class RedisEndpointTest {
  private final Problems problems = new Problems("relay.yaml");

  private RedisEndpoint parse(String yaml) {
    return parse(yaml, null);
  }

  private RedisEndpoint parse(String yaml, List<String> seeds) {
    ConfigMap m = new YamlLoader(k -> null).parse(yaml, problems);
    RedisEndpoint redis = RedisEndpoint.parse(m, seeds);
    m.rejectUnknown();
    return redis;
  }

  private List<String> faults() {
    return problems.list().stream().map(Object::toString).toList();
  }

  @Test
  void readsTheUriCredentialsAndTls() {
    RedisEndpoint r = parse("""
        endpoint: rediss://r:6380
        username: reader
        password: s3cret
        tls: {insecure_skip_verify: true, min_version: "1.3"}
        """);
    assertThat(faults()).isEmpty();
    assertThat(r.endpoint()).isEqualTo("rediss://r:6380");
    assertThat(r.username()).isEqualTo("reader");
    assertThat(r.password().reveal()).isEqualTo("s3cret");
    assertThat(r.tls().insecureSkipVerify()).isTrue();
    assertThat(r.tls().protocols()).containsExactly("TLSv1.3");
    assertThat(r.withEndpoint("rediss://s:6380")).isEqualTo(
        new RedisEndpoint("rediss://s:6380", "reader", Secret.of("s3cret"), r.tls()));
  }

  @Test
  void withoutKeysItIsTheLocalRedis() {
    assertThat(parse("{}")).isEqualTo(RedisEndpoint.of("redis://localhost:6379"));
    assertThat(faults()).isEmpty();
  }

  /** As the Collector's Redis components take it: no scheme means redis://. */
  @Test
  void hostAndPortWithoutASchemeIsPlainRedis() {
    assertThat(parse("endpoint: redis:6379")).isEqualTo(RedisEndpoint.of("redis://redis:6379"));
    assertThat(parse("endpoint: \"[::1]:6380\"")).isEqualTo(RedisEndpoint.of("redis://[::1]:6380"));
    assertThat(faults()).isEmpty();
    parse("endpoint: redis");
    assertThat(faults()).containsExactly(
        "relay.yaml:1: endpoint: 'redis' is not a redis://, rediss:// or redis-sentinel:// endpoint, nor host:port");
  }

  @Test
  void everyUriFormIsChecked() {
    for (String ok : List.of("redis://a:6379/2", "rediss://a", "redis-sentinel://s:26379#mymaster")) {
      parse("endpoint: \"" + ok + "\"");
    }
    assertThat(faults()).isEmpty();
    parse("endpoint: http://nope:1");
    parse("endpoint: redis-sentinel://s:26379");
    parse("endpoint: \"redis://a b\"");
    assertThat(faults()).containsExactly(
        "relay.yaml:1: endpoint: 'http://nope:1' is not a redis://, rediss:// or redis-sentinel:// endpoint, nor"
            + " host:port",
        "relay.yaml:1: endpoint: 'redis-sentinel://s:26379' needs the master's name:"
            + " redis-sentinel://host:port#mymaster",
        "relay.yaml:1: endpoint: 'redis://a b' is not a valid URI: Illegal character in authority");
  }

  @Test
  void tlsNeedsRedissAndTheSchemeDecidesWhetherItIsUsed() {
    parse("""
        endpoint: redis://a:6379
        tls: {insecure_skip_verify: true}
        """);
    parse("""
        endpoint: rediss://a:6379
        tls: {insecure: true}
        """);
    parse("""
        tls: {insecure_skip_verify: true}
        """, List.of("rediss://a:7000", "redis://b:7001"));
    assertThat(faults()).containsExactly(
        "relay.yaml:2: tls: tls settings need a rediss:// endpoint",
        "relay.yaml:2: tls.insecure: the endpoint's scheme says whether Redis is reached over TLS: rediss:// is TLS,"
            + " redis:// is not",
        "relay.yaml:1: tls: tls settings need rediss:// seeds");
  }

  @Test
  void thePasswordIsNeverPrinted() {
    RedisEndpoint r = parse("""
        endpoint: redis://u:uripass@a:6379
        username: u
        password: s3cret
        """);
    assertThat(r.toString()).isEqualTo("RedisEndpoint[endpoint=redis://[REDACTED]@a:6379, username=u, password=[REDACTED]]")
        .doesNotContain("s3cret").doesNotContain("uripass");
    assertThat(r.safeEndpoint()).isEqualTo("redis://[REDACTED]@a:6379");
  }

  @Test
  void lettuceGetsTheCredentialsAndSkipsVerificationWhenAsked() {
    RedisURI uri = RedisConnections.uri(parse("""
        endpoint: rediss://a:6380
        username: u
        password: p
        tls: {insecure_skip_verify: true}
        """));
    assertThat(uri.getVerifyMode()).isEqualTo(SslVerifyMode.NONE);
    assertThat(uri.isSsl()).isTrue();
    RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
    assertThat(credentials.getUsername()).isEqualTo("u");
    assertThat(new String(credentials.getPassword())).isEqualTo("p");
    assertThat(RedisConnections.uri(RedisEndpoint.of("rediss://a:6380")).getVerifyMode())
        .isEqualTo(SslVerifyMode.FULL);
  }

  @Test
  void lettuceOffersOnlyTheConfiguredTlsVersions(@TempDir Path dir) throws Exception {
    assumeTrue(Tools.onPath("openssl"), "needs openssl on PATH");
    TestCerts.make(dir);
    RedisEndpoint r = parse("""
        endpoint: rediss://a:6380
        tls:
          ca_file: %s
          cert_file: %s
          key_file: %s
          max_version: "1.2"
        """.formatted(dir.resolve("ca.crt"), dir.resolve("client.crt"), dir.resolve("client.key")));
    assertThat(faults()).isEmpty();
    SslOptions ssl = RedisConnections.sslOptions(r.tls());
    assertThat(ssl.getProtocols()).containsExactly("TLSv1.2");
    // The options build a real client context from the PEM files, offering only TLS 1.2.
    var engine = ssl.createSslContextBuilder().build().newEngine(io.netty.buffer.ByteBufAllocator.DEFAULT);
    assertThat(engine.getEnabledProtocols()).containsExactly("TLSv1.2");
    assertThat(RedisConnections.sslOptions(TlsSettings.client(false)).getProtocols()).isNullOrEmpty();
  }
}
