package dev.relay.auth;

import java.util.Map;

/**
 * A server authenticator's verdict: the client's identity ({@code username} for basic auth; none for a bearer
 * token), or why it was refused ({@code missing_credentials}, {@code invalid_credentials}), for a counter's
 * {@code reason} tag. Neither ever holds a credential.
 */
public record AuthResult(boolean authenticated, Map<String, String> identity, String reason) {
  public static final String MISSING = "missing_credentials";
  public static final String INVALID = "invalid_credentials";
  static final AuthResult ANONYMOUS_OK = new AuthResult(true, Map.of(), null);
  static final AuthResult MISSING_CREDENTIALS = new AuthResult(false, Map.of(), MISSING);
  static final AuthResult INVALID_CREDENTIALS = new AuthResult(false, Map.of(), INVALID);

  public AuthResult {
    identity = Map.copyOf(identity);
  }

  static AuthResult ok(Map<String, String> identity) {
    return new AuthResult(true, identity, null);
  }
}
