package dev.relay.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for TLS tests, made with openssl in a directory: {@code ca.crt} and {@code other-ca.crt} (two CAs),
 * {@code server.crt}/{@code server.key} for 127.0.0.1 and localhost, signed by {@code ca}, and
 * {@code client.crt}/{@code client.key} (CN relay-client), also signed by {@code ca}.
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

  private static void run(Path dir, String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
