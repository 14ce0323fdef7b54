package dev.relay.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** {@code basicauth} as a client authenticator: {@code Authorization: Basic base64(username:password)}. */
final class BasicAuthClient implements ClientAuthenticator {
  private final Map<String, String> headers;

  BasicAuthClient(BasicAuthSettings settings) {
    String credentials = settings.clientUsername() + ":" + settings.clientPassword();
    this.headers = Map.of("authorization",
        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
  }

  @Override
  public Map<String, String> headers() {
    return headers;
  }
}
