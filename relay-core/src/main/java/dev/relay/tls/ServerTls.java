package dev.relay.tls;

import dev.relay.config.TlsSettings;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listener's TLS: its certificate and key, and with {@code client_ca_file} the CA every client must present a
 * certificate from. With a {@code reload_interval}, a daemon thread rereads the files that often and swaps in what
 * changed, as the Collector's {@code configtls} does; connections already open keep what they were made with. A file
 * that cannot be read or a key that does not match its certificate (a rotation half written) is skipped with a
 * warning and tried again next time. {@link #close} stops the rereading.
 */
public final class ServerTls implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
  /** TLS 1.3's own suites, kept when {@code cipher_suites} chooses those of 1.2 (Go lets no one choose them). */
  private static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

  private final TlsSettings settings;
  private final String owner;
  private final ReloadingKeyManager keys;
  private final ReloadingTrustManager clientCas;
  private final ScheduledExecutorService reloader;
  private byte[] certBytes;
  private byte[] keyBytes;
  private byte[] caBytes;

  private ServerTls(TlsSettings settings, String owner) throws IOException {
    this.settings = settings;
    this.owner = owner;
    try {
      certBytes = read(settings.certFile());
      keyBytes = read(settings.keyFile());
      X509Certificate[] chain = PemMaterial.certificates(certBytes);
      PrivateKey key = PemMaterial.privateKey(keyBytes);
      if (!PemMaterial.belongTogether(key, chain[0])) {
        throw new GeneralSecurityException("the key in " + settings.keyFile() + " is not the key of the certificate"
            + " in " + settings.certFile());
      }
      keys = new ReloadingKeyManager(key, chain);
      if (settings.clientCaFile() != null) {
        caBytes = read(settings.clientCaFile());
        clientCas = new ReloadingTrustManager(PemMaterial.certificates(caBytes));
      } else {
        clientCas = null;
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(owner + ": TLS: " + e.getMessage(), e);
    }
    if (settings.reloadInterval().isZero()) {
      reloader = null;
    } else {
      reloader = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-tls-reload");
        t.setDaemon(true);
        return t;
      });
      long every = Math.max(1, settings.reloadInterval().toMillis());
      reloader.scheduleWithFixedDelay(this::reload, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Reads the files of {@code settings} (server form); {@code owner} names the listener in messages, e.g.
   * {@code receiver otlp (grpc)}.
   *
   * @throws IOException when a file cannot be read or does not hold what it should
   */
  public static ServerTls load(TlsSettings settings, String owner) throws IOException {
    if (settings.form() != TlsSettings.Form.SERVER) {
      throw new IllegalArgumentException("a listener needs server TLS settings, not " + settings);
    }
    return new ServerTls(settings, owner);
  }

  /** A context for an HTTP/1.1 listener. */
  public SslContext httpContext() throws IOException {
    return build(SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK));
  }

  /** A context for a gRPC listener: HTTP/2 by ALPN. */
  public SslContext grpcContext() throws IOException {
    return build(GrpcSslContexts.configure(SslContextBuilder.forServer(keys), SslProvider.JDK));
  }

  private SslContext build(SslContextBuilder builder) throws IOException {
    if (clientCas != null) {
      builder.trustManager(clientCas).clientAuth(ClientAuth.REQUIRE);
    }
    if (!settings.protocols().isEmpty()) {
      builder.protocols(settings.protocols());
    }
    if (!settings.cipherSuites().isEmpty()) {
      List<String> suites = new ArrayList<>(settings.cipherSuites());
      suites.addAll(TLS13_SUITES);
      builder.ciphers(suites, SupportedCipherSuiteFilter.INSTANCE);
    }
    return builder.build();
  }

  /** For the start-up summary: what clients must show, and how often files are reread. */
  public String describe() {
    return "TLS" + (clientCas != null ? " with client certificates (mTLS)" : "")
        + (reloader != null ? ", certificates reread every " + settings.reloadInterval() : "");
  }

  /** The serial of the certificate new connections get (for tests and the reload log line). */
  java.math.BigInteger currentSerial() {
    return keys.currentChain()[0].getSerialNumber();
  }

  /** Rereads the files; swaps in what changed and is whole. Runs on the reloader thread only. */
  void reload() {
    try {
      byte[] cert = read(settings.certFile());
      byte[] key = read(settings.keyFile());
      if (!Arrays.equals(cert, certBytes) || !Arrays.equals(key, keyBytes)) {
        X509Certificate[] chain = PemMaterial.certificates(cert);
        PrivateKey privateKey = PemMaterial.privateKey(key);
        if (!PemMaterial.belongTogether(privateKey, chain[0])) {
          LOG.warn("{}: the key in {} does not match the certificate in {} (yet); keeping the current certificate",
              owner, settings.keyFile(), settings.certFile());
        } else {
          keys.set(privateKey, chain);
          certBytes = cert;
          keyBytes = key;
          LOG.info("{}: TLS certificate reloaded from {} (serial {})", owner, settings.certFile(),
              chain[0].getSerialNumber().toString(16));
        }
      }
      if (clientCas != null) {
        byte[] ca = read(settings.clientCaFile());
        if (!Arrays.equals(ca, caBytes)) {
          clientCas.set(PemMaterial.certificates(ca));
          caBytes = ca;
          LOG.info("{}: client CAs reloaded from {}", owner, settings.clientCaFile());
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.warn("{}: cannot reload TLS files ({}); keeping the current ones", owner, e.getMessage());
    }
  }

  private static byte[] read(String file) throws IOException {
    return Files.readAllBytes(Path.of(file));
  }

  @Override
  public void close() {
    if (reloader != null) {
      reloader.shutdownNow();
    }
  }
}
