package dev.relay.config;

/** A {@code host:port} endpoint as configs write it; {@code [::1]:4317} loses its brackets. */
public record HostPort(String host, int port) {
  /** The endpoint, or null when {@code text} does not end in {@code :port} (0 to 65535). The host may be empty. */
  public static HostPort parse(String text) {
    int colon = text.lastIndexOf(':');
    String portText = colon < 0 ? "" : text.substring(colon + 1);
    if (colon < 0 || !portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535) {
      return null;
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new HostPort(host, Integer.parseInt(portText));
  }

  /** The host to listen on: an empty one means every interface. */
  public String listenHost() {
    return host.isEmpty() ? "0.0.0.0" : host;
  }
}
