package dev.relay.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code tls} section of one connection, in the shape of the Collector's {@code configtls}: a client form (an
 * exporter's connection) and a server form (a listener's), read by one parser. Files are PEM and are checked when
 * the config loads. The forms share {@code cert_file}, {@code key_file}, {@code min_version} (default 1.2),
 * {@code max_version} (default: the newest, 1.3) and {@code reload_interval}; the client form adds {@code ca_file}
 * (the CA to verify the server by; none: the JDK's), {@code insecure} (no TLS) and {@code insecure_skip_verify};
 * the server form adds {@code client_ca_file} (clients must present a certificate it signed) and
 * {@code cipher_suites} (IANA names, checked against the JDK's; they limit TLS 1.2 and below, as in Go, while TLS 1.3
 * keeps its own suites). A key of the other form is an unknown key. {@code reload_interval} is how often a server
 * rereads its files (0: never); a client's must be 0 for now. Versions below 1.2 are offered only where the JDK's
 * {@code jdk.tls.disabledAlgorithms} allows them.
 */
public final class TlsSettings {
  /** Which side of a connection the settings are for. */
  public enum Form { CLIENT, SERVER }

  static final TlsVersion DEFAULT_MIN_VERSION = TlsVersion.TLS_1_2;

  private final Form form;
  private final String caFile;
  private final String certFile;
  private final String keyFile;
  private final String clientCaFile;
  private final boolean insecure;
  private final boolean insecureSkipVerify;
  private final TlsVersion minVersion;
  private final TlsVersion maxVersion;
  private final List<String> cipherSuites;
  private final Duration reloadInterval;

  private TlsSettings(Form form, String caFile, String certFile, String keyFile, String clientCaFile,
      boolean insecure, boolean insecureSkipVerify, TlsVersion minVersion, TlsVersion maxVersion,
      List<String> cipherSuites, Duration reloadInterval) {
    this.form = form;
    this.caFile = caFile;
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.clientCaFile = clientCaFile;
    this.insecure = insecure;
    this.insecureSkipVerify = insecureSkipVerify;
    this.minVersion = minVersion;
    this.maxVersion = maxVersion;
    this.cipherSuites = List.copyOf(cipherSuites);
    this.reloadInterval = reloadInterval;
  }

  /** A client with no {@code tls} section: TLS verified by the JDK's CAs, or none when {@code insecure}. */
  public static TlsSettings client(boolean insecure) {
    return new TlsSettings(Form.CLIENT, null, null, null, null, insecure, false, DEFAULT_MIN_VERSION, null,
        List.of(), Duration.ZERO);
  }

  /**
   * Reads a client's {@code tls} section, and rejects its unknown keys. {@code insecureByDefault} is what
   * {@code insecure} is when not given (e.g. true for an {@code http://} endpoint).
   */
  public static TlsSettings parseClient(ConfigMap tls, boolean insecureByDefault) {
    return parse(tls, Form.CLIENT, insecureByDefault);
  }

  /** Reads a listener's {@code tls} section, and rejects its unknown keys; a server needs its certificate. */
  public static TlsSettings parseServer(ConfigMap tls) {
    return parse(tls, Form.SERVER, false);
  }

  private static TlsSettings parse(ConfigMap tls, Form form, boolean insecureByDefault) {
    boolean client = form == Form.CLIENT;
    boolean insecure = client && tls.bool("insecure", insecureByDefault);
    boolean skipVerify = client && tls.bool("insecure_skip_verify", false);
    String caFile = client ? tls.string("ca_file", null) : null;
    String clientCaFile = client ? null : tls.string("client_ca_file", null);
    String certFile = tls.string("cert_file", null);
    String keyFile = tls.string("key_file", null);
    PemFiles.check(tls, client ? "ca_file" : "client_ca_file");
    if (!client && certFile == null && keyFile == null) {
      tls.problem(null, "a server's tls needs cert_file and key_file");
    }
    TlsVersion min = version(tls, "min_version", DEFAULT_MIN_VERSION);
    TlsVersion max = version(tls, "max_version", null);
    if (max != null && min.compareTo(max) > 0) {
      tls.problem("min_version", "min_version " + min.configName() + " is above max_version " + max.configName());
    }
    Duration reload = tls.duration("reload_interval", Duration.ZERO);
    if (client && !reload.isZero()) {
      tls.problem("reload_interval", "reload_interval is not supported yet on a client: its certificates are read"
          + " once, at start (a listener's tls rereads them)");
    }
    List<String> suites = client ? List.of() : CipherSuites.check(tls, "cipher_suites");
    tls.rejectUnknown();
    return new TlsSettings(form, caFile, certFile, keyFile, clientCaFile, insecure, skipVerify, min, max, suites,
        reload);
  }

  private static TlsVersion version(ConfigMap tls, String key, TlsVersion defaultValue) {
    String text = tls.string(key, null);
    if (text == null) {
      return defaultValue;
    }
    TlsVersion v = TlsVersion.fromConfigName(text);
    if (v == null) {
      tls.problem(key, "'" + text + "' is not a TLS version (1.0, 1.1, 1.2 or 1.3)");
      return defaultValue;
    }
    return v;
  }

  public Form form() {
    return form;
  }

  /** Client: the CA file to verify the server by; null for the JDK's CAs. */
  public String caFile() {
    return caFile;
  }

  /** This side's certificate; null for none (a client then presents none). */
  public String certFile() {
    return certFile;
  }

  public String keyFile() {
    return keyFile;
  }

  /** Server: the CA a client's certificate must be signed by; null when clients present none. */
  public String clientCaFile() {
    return clientCaFile;
  }

  /** Client: plaintext, no TLS at all. */
  public boolean insecure() {
    return insecure;
  }

  /** Client: TLS without verifying the server's certificate. */
  public boolean insecureSkipVerify() {
    return insecureSkipVerify;
  }

  public TlsVersion minVersion() {
    return minVersion;
  }

  /** Null for the newest this relay knows. */
  public TlsVersion maxVersion() {
    return maxVersion;
  }

  /** Server: the cipher suites allowed for TLS 1.2 and below; empty for the JDK's defaults. */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /** Server: how often the certificate, key and client CA files are reread; zero for never. */
  public Duration reloadInterval() {
    return reloadInterval;
  }

  /**
   * The JDK names of the protocol versions to enable, newest first; empty when the versions are the defaults, so
   * that the TLS provider's own choice (TLS 1.3 and 1.2) stands.
   */
  public List<String> protocols() {
    if (minVersion == DEFAULT_MIN_VERSION && maxVersion == null) {
      return List.of();
    }
    TlsVersion[] all = TlsVersion.values();
    TlsVersion max = maxVersion == null ? all[all.length - 1] : maxVersion;
    List<String> out = new ArrayList<>();
    for (int i = max.ordinal(); i >= minVersion.ordinal(); i--) {
      out.add(all[i].jdkName());
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsSettings t && form == t.form && insecure == t.insecure
        && insecureSkipVerify == t.insecureSkipVerify && minVersion == t.minVersion && maxVersion == t.maxVersion
        && Objects.equals(caFile, t.caFile) && Objects.equals(certFile, t.certFile)
        && Objects.equals(keyFile, t.keyFile) && Objects.equals(clientCaFile, t.clientCaFile)
        && cipherSuites.equals(t.cipherSuites) && reloadInterval.equals(t.reloadInterval);
  }

  @Override
  public int hashCode() {
    return Objects.hash(form, caFile, certFile, keyFile, clientCaFile, insecure, insecureSkipVerify, minVersion,
        maxVersion, cipherSuites, reloadInterval);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("TlsSettings[").append(form);
    if (insecure) {
      sb.append(", insecure");
    }
    if (insecureSkipVerify) {
      sb.append(", insecure_skip_verify");
    }
    append(sb, "ca_file", caFile);
    append(sb, "cert_file", certFile);
    append(sb, "key_file", keyFile);
    append(sb, "client_ca_file", clientCaFile);
    sb.append(", min_version=").append(minVersion.configName());
    append(sb, "max_version", maxVersion == null ? null : maxVersion.configName());
    if (!cipherSuites.isEmpty()) {
      sb.append(", cipher_suites=").append(cipherSuites);
    }
    if (!reloadInterval.isZero()) {
      sb.append(", reload_interval=").append(reloadInterval);
    }
    return sb.append(']').toString();
  }

  private static void append(StringBuilder sb, String key, String value) {
    if (value != null) {
      sb.append(", ").append(key).append('=').append(value);
    }
  }
}
