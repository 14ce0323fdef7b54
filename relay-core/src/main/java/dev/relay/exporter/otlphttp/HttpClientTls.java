package dev.relay.exporter.otlphttp;

import dev.relay.config.TlsSettings;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The JDK HTTP client's TLS from the exporter's TLS settings. Netty reads the PEM files (the JDK cannot) into a
 * JDK {@link SSLContext}; the versions go into the client's {@link SSLParameters}.
 */
final class HttpClientTls {
  private HttpClientTls() {}

  static SSLContext context(TlsSettings tls) throws IOException {
    SslContextBuilder ssl = SslContextBuilder.forClient().sslProvider(SslProvider.JDK);
    if (tls.insecureSkipVerify()) {
      ssl.trustManager(TrustAll.INSTANCE);
    } else if (tls.caFile() != null) {
      ssl.trustManager(new File(tls.caFile()));
    }
    if (tls.certFile() != null) {
      ssl.keyManager(new File(tls.certFile()), new File(tls.keyFile()));
    }
    return ((JdkSslContext) ssl.build()).context();
  }

  /** The client's TLS parameters: the configured versions, or the JDK's defaults. */
  static SSLParameters parameters(SSLContext context, TlsSettings tls) {
    SSLParameters p = context.getDefaultSSLParameters();
    if (!tls.protocols().isEmpty()) {
      p.setProtocols(tls.protocols().toArray(String[]::new));
    }
    return p;
  }

  /**
   * {@code insecure_skip_verify}: trusts any certificate for any host. An extended trust manager, so that the JDK
   * does not wrap it in one that checks the host name.
   */
  static final class TrustAll extends X509ExtendedTrustManager {
    static final TrustAll INSTANCE = new TrustAll();

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
