package dev.relay.exporter.otlp;

import dev.relay.config.TlsSettings;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NettySslContextChannelCredentials;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.File;
import java.io.IOException;

/**
 * A gRPC channel's credentials from the exporter's TLS settings. Built on a Netty {@code SslContext} rather than
 * gRPC's {@code TlsChannelCredentials}, which cannot limit the TLS versions or skip verification.
 */
final class GrpcClientTls {
  private GrpcClientTls() {}

  static ChannelCredentials credentials(TlsSettings tls) throws IOException {
    return tls.insecure() ? InsecureChannelCredentials.create() : NettySslContextChannelCredentials.create(context(tls));
  }

  /** The TLS context of a channel that is not insecure. */
  static SslContext context(TlsSettings tls) throws IOException {
    SslContextBuilder ssl = GrpcSslContexts.forClient();
    if (tls.insecureSkipVerify()) {
      ssl.trustManager(InsecureTrustManagerFactory.INSTANCE);
    } else if (tls.caFile() != null) {
      ssl.trustManager(new File(tls.caFile()));
    }
    if (tls.certFile() != null) {
      ssl.keyManager(new File(tls.certFile()), new File(tls.keyFile()));
    }
    if (!tls.protocols().isEmpty()) {
      ssl.protocols(tls.protocols());
    }
    return ssl.build();
  }
}
