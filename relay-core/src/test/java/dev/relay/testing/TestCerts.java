package dev.relay.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made with openssl in a directory: {@code ca.crt} and {@code other-ca.crt} (two CAs),
 * {@code server.crt}/{@code server.key} for 127.0.0.1 and localhost, signed by {@code ca}, and
 * {@code client.crt}/{@code client.key} (CN relay-client), also signed by {@code ca}. {@link #server} and
 * {@link #client} make more, e.g. a second server certificate to rotate to, or a client from {@code other-ca}.
 */
public final class TestCerts {
  private TestCerts() {}

  public static void make(Path dir) throws Exception {
    for (String ca : List.of("ca", "other-ca")) {
      run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out",
          ca + ".crt", "-days", "1", "-subj", "/CN=" + ca);
    }
    Files.writeString(dir.resolve("server.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    Files.writeString(dir.resolve("client.cnf"), "extendedKeyUsage=clientAuth\n");
    for (String name : List.of("server", "client")) {
      run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
          "-subj", name.equals("server") ? "/CN=localhost" : "/CN=relay-client");
      run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
          "-CAcreateserial", "-out", name + ".crt", "-days", "1", "-extfile", name + ".cnf");
    }
  }

  /** Another server certificate {@code name.crt}/{@code name.key} for 127.0.0.1 and localhost, signed by {@code ca}. */
  public static Path server(Path dir, String name) throws Exception {
    run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
        "-subj", "/CN=localhost");
    run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", name + ".crt", "-days", "1", "-extfile", "server.cnf");
    return dir.resolve(name + ".crt");
  }

  /** A client certificate {@code name.crt}/{@code name.key} (CN {@code name}) signed by the CA {@code ca}. */
  public static Path client(Path dir, String name, String ca) throws Exception {
    run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
        "-subj", "/CN=" + name);
    run(dir, "openssl", "x509", "-req", "-in", name + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key",
        "-CAcreateserial", "-out", name + ".crt", "-days", "1", "-extfile", "client.cnf");
    return dir.resolve(name + ".crt");
  }

  /** A client TLS context that trusts only the certificates in {@code caFile}. */
  public static javax.net.ssl.SSLContext trusting(Path caFile) throws Exception {
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (var in = Files.newInputStream(caFile)) {
      int i = 0;
      for (var cert : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
    }
    var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /** The serial number of the (first) certificate in {@code crtFile}. */
  public static java.math.BigInteger serial(Path crtFile) throws Exception {
    try (var in = Files.newInputStream(crtFile)) {
      return ((java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificate(in)).getSerialNumber();
    }
  }

  /**
   * The serial of the certificate a TLS server on 127.0.0.1:{@code port} presents to a new connection, with
   * {@code protocols} enabled (none: the JDK's defaults); the handshake's failure is thrown.
   */
  public static java.math.BigInteger serialPresentedAt(javax.net.ssl.SSLContext context, int port,
      String... protocols) throws Exception {
    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      if (protocols.length > 0) {
        socket.setEnabledProtocols(protocols);
      }
      socket.startHandshake();
      return ((java.security.cert.X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
