package dev.relay.config;

/** A TLS protocol version as configs write it ({@code "1.2"}), with its JDK name ({@code TLSv1.2}). */
public enum TlsVersion {
  TLS_1_0("1.0", "TLSv1"),
  TLS_1_1("1.1", "TLSv1.1"),
  TLS_1_2("1.2", "TLSv1.2"),
  TLS_1_3("1.3", "TLSv1.3");

  private final String configName;
  private final String jdkName;

  TlsVersion(String configName, String jdkName) {
    this.configName = configName;
    this.jdkName = jdkName;
  }

  /** The version written as {@code text}, or null when there is none such. */
  public static TlsVersion fromConfigName(String text) {
    for (TlsVersion v : values()) {
      if (v.configName.equals(text.trim())) {
        return v;
      }
    }
    return null;
  }

  public String configName() {
    return configName;
  }

  /** The protocol's name for {@code SSLEngine.setEnabledProtocols} (and so Netty's and Lettuce's builders). */
  public String jdkName() {
    return jdkName;
  }
}
