package dev.relay.config;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Checks a server's {@code cipher_suites} against the suites this JDK can use, so that a misspelt or unavailable
 * suite is a fault at its key rather than a listener that no client can reach. Names are IANA's
 * ({@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}), which the Collector and the JDK share.
 */
final class CipherSuites {
  private CipherSuites() {}

  static List<String> check(ConfigMap tls, String key) {
    List<String> given = tls.stringList(key);
    if (given.isEmpty()) {
      return List.of();
    }
    Set<String> supported = supported();
    List<String> out = new ArrayList<>();
    for (String suite : given) {
      String name = suite.trim();
      if (!supported.contains(name)) {
        tls.problem(key, "'" + name + "' is not a cipher suite this JVM offers (IANA names, e.g."
            + " TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)");
      } else if (name.startsWith("TLS_AES_") || name.startsWith("TLS_CHACHA20_")) {
        tls.problem(key, "'" + name + "' is a TLS 1.3 suite; as in the Collector, cipher_suites chooses the"
            + " suites of TLS 1.2 and below, and TLS 1.3 keeps its own");
      } else if (!out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  private static Set<String> supported() {
    try {
      return Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM has no default TLS context", e);
    }
  }
}
