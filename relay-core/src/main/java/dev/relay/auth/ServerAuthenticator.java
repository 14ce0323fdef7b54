package dev.relay.auth;

/**
 * Checks the credentials a request carries in its headers. Implementations are thread-safe and never log or return
 * a credential.
 */
public interface ServerAuthenticator {
  /** The full check; it may take milliseconds (a bcrypt hash), so call it off any event loop. */
  AuthResult authenticate(HeaderLookup headers);

  /**
   * The answer when it can be given without slow work (a missing header, a known token, a credential checked
   * before), or null when only {@link #authenticate} can tell. Safe to call on an event loop.
   */
  AuthResult quickCheck(HeaderLookup headers);

  /** The {@code WWW-Authenticate} value of a 401, e.g. {@code Bearer realm="relay"}. */
  String challenge();

  /** A request's headers by lower-case name; null when absent. */
  @FunctionalInterface
  interface HeaderLookup {
    String get(String lowerCaseName);
  }
}
