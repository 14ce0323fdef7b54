package dev.relay.exporter.redis;

import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.StaticCredentialsProvider;
import java.io.File;

/**
 * How this relay reaches a Redis from its settings: the TLS options and the URI with credentials. Shared by the
 * {@code redis} exporter and the admin server's activity stream, which take the same settings.
 */
public final class RedisConnections {
  private RedisConnections() {}

  /** The CA to trust and the client certificate, from PEM files; empty options for none. */
  public static SslOptions sslOptions(RedisExporterConfig.Tls tls) {
    SslOptions.Builder ssl = SslOptions.builder();
    if (tls.caFile() != null) {
      ssl.trustManager(new File(tls.caFile()));
    }
    if (tls.certFile() != null) {
      ssl.keyManager(new File(tls.certFile()), new File(tls.keyFile()), null);
    }
    return ssl.build();
  }

  /** {@code endpoint} with the ACL credentials, and without peer verification when the TLS settings skip it. */
  public static RedisURI uri(String endpoint, String username, String password, RedisExporterConfig.Tls tls) {
    RedisURI uri = RedisURI.create(endpoint);
    if (tls.insecureSkipVerify()) {
      uri.setVerifyPeer(SslVerifyMode.NONE);
    }
    if (username != null || password != null) {
      uri.setCredentialsProvider(
          new StaticCredentialsProvider(username, password == null ? null : password.toCharArray()));
    }
    return uri;
  }
}
