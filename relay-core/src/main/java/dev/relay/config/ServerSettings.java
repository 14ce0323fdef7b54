package dev.relay.config;

/**
 * Where a listener listens and how, in the shape of the Collector's {@code confighttp}/{@code configgrpc} server
 * settings: the {@code endpoint}, and its TLS ({@code null}: plaintext). Authentication ({@code auth}) will sit
 * here too. {@code host} is the address to bind: an endpoint with an empty host (e.g. {@code :4317}) means every
 * interface.
 */
public record ServerSettings(String host, int port, TlsSettings tls) {
  public ServerSettings {
    if (tls != null && tls.form() != TlsSettings.Form.SERVER) {
      throw new IllegalArgumentException("a listener needs server TLS settings, not " + tls);
    }
  }

  /** Plaintext on {@code host:port}. */
  public ServerSettings(String host, int port) {
    this(host, port, null);
  }

  /**
   * Settings for {@code endpoint}, the text of {@code m}'s {@code endpoint} key (or its default): a fault there
   * when it is not {@code host:port}, and then {@code fallback}'s. {@code example} shows a good one in the message.
   */
  public static ServerSettings endpoint(ConfigMap m, String endpoint, String fallback, String example) {
    HostPort listen = HostPort.parse(endpoint);
    if (listen == null) {
      m.problem("endpoint", "'" + endpoint + "' is not a host:port endpoint (e.g. " + example + ")");
      listen = HostPort.parse(fallback);
    }
    return new ServerSettings(listen.listenHost(), listen.port());
  }

  /**
   * Reads {@code m}'s {@code tls} section in the server form, or null when there is none (plaintext). Call before
   * {@code m.rejectUnknown()}.
   */
  public static TlsSettings tls(ConfigMap m) {
    ConfigNode tls = m.get("tls"); // asked even when absent, so that an unknown key's fault lists it
    return tls == null ? null : TlsSettings.parseServer(tls.asMap());
  }

  /** These settings with {@code tls} (null: plaintext). */
  public ServerSettings withTls(TlsSettings tls) {
    return new ServerSettings(host, port, tls);
  }

  public String endpoint() {
    return host + ":" + port;
  }
}
