package dev.relay.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks a {@code tls} section's files when the config is loaded (the certificate and key come together, and each
 * file is one Netty's TLS can use), so that a bad file is a config error at its key, not a failure at start. Only
 * {@link TlsSettings}' parser uses it.
 */
final class PemFiles {
  /** Far beyond any certificate chain; only this much is read. */
  private static final int MAX_BYTES = 1 << 20;

  private PemFiles() {}

  /** Checks {@code cert_file} with {@code key_file}, and each of {@code certificateKeys} (e.g. {@code ca_file}). */
  static void check(ConfigMap tls, String... certificateKeys) {
    String certFile = tls.string("cert_file", null);
    String file = tls.string("key_file", null);
    if ((certFile == null) != (file == null)) {
      tls.problem(certFile == null ? "key_file" : "cert_file", "cert_file and key_file must be given together");
    }
    for (String key : certificateKeys) {
      certificates(tls, key);
    }
    certificates(tls, "cert_file");
    String pem = read(tls, "key_file", file);
    if (pem == null || pem.contains("-----BEGIN PRIVATE KEY-----")) {
      return;
    }
    if (pem.contains("-----BEGIN RSA PRIVATE KEY-----") || pem.contains("-----BEGIN EC PRIVATE KEY-----")) {
      tls.problem("key_file", "'" + file + "' holds a key in the traditional format (BEGIN RSA/EC PRIVATE KEY);"
          + " give it in PKCS#8 (BEGIN PRIVATE KEY): openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
    } else if (pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      tls.problem("key_file", "'" + file + "' holds an encrypted key; give it unencrypted in PKCS#8:"
          + " openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
    } else {
      tls.problem("key_file", "'" + file + "' holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }
  }

  private static void certificates(ConfigMap tls, String key) {
    String file = tls.string(key, null);
    String pem = read(tls, key, file);
    if (pem != null && !pem.contains("-----BEGIN CERTIFICATE-----")) {
      tls.problem(key, "'" + file + "' holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }
  }

  /** The file's text, or null when it is not set or cannot be read (which is then a problem at the key). */
  private static String read(ConfigMap tls, String key, String file) {
    if (file == null) {
      return null;
    }
    try (InputStream in = Files.newInputStream(Path.of(file))) {
      return new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      tls.problem(key, "cannot read '" + file + "'");
      return null;
    }
  }
}
