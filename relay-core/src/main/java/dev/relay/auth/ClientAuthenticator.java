package dev.relay.auth;

import java.util.Map;

/** Gives the headers an exporter sends to authenticate itself. Thread-safe; the values are secrets: never log them. */
public interface ClientAuthenticator {
  /** Header name (lower case) to value, for the next request; the value may change when a token file does. */
  Map<String, String> headers();
}
