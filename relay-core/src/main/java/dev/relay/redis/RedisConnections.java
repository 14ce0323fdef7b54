package dev.relay.redis;

import dev.relay.config.TlsSettings;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.StaticCredentialsProvider;
import java.io.File;

/**
 * A {@link RedisEndpoint} in Lettuce's terms: the TLS options and the URI with credentials, and what a failed
 * Lettuce call means in words. Shared by the {@code redis} exporter and the admin server's activity stream.
 */
public final class RedisConnections {
  private RedisConnections() {}

  /** The CA to trust, the client certificate (from PEM files) and the TLS versions; empty options for none. */
  public static SslOptions sslOptions(TlsSettings tls) {
    SslOptions.Builder ssl = SslOptions.builder();
    if (tls.caFile() != null) {
      ssl.trustManager(new File(tls.caFile()));
    }
    if (tls.certFile() != null) {
      ssl.keyManager(new File(tls.certFile()), new File(tls.keyFile()), null);
    }
    if (!tls.protocols().isEmpty()) {
      ssl.protocols(tls.protocols().toArray(String[]::new));
    }
    return ssl.build();
  }

  /** The endpoint's URI with its ACL credentials, and without peer verification when its TLS settings skip it. */
  public static RedisURI uri(RedisEndpoint redis) {
    RedisURI uri = RedisURI.create(redis.endpoint());
    if (redis.tls().insecureSkipVerify()) {
      uri.setVerifyPeer(SslVerifyMode.NONE);
    }
    if (redis.username() != null || redis.password() != null) {
      uri.setCredentialsProvider(new StaticCredentialsProvider(
          redis.username(), redis.password() == null ? null : redis.password().reveal().toCharArray()));
    }
    return uri;
  }

  /**
   * The innermost cause's message (else its class name): Lettuce wraps the reason (a refused connection, an error
   * reply) in connection and completion exceptions whose own messages say little.
   */
  public static String failureReason(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
