package dev.relay.auth;

/**
 * One auth extension's settings, as read from {@code extensions.<id>}. Whether it can check requests
 * ({@link #serves}) or sign them ({@link #signs}) decides where it may be referenced. {@code toString} never shows a
 * secret.
 */
public sealed interface AuthExtensionSettings permits BearerTokenSettings, BasicAuthSettings {
  /** The extension's id, e.g. {@code bearertokenauth/gateway}. */
  String id();

  /** Can be a receiver's or the admin server's authenticator. */
  boolean serves();

  /** Can be an exporter's authenticator. */
  boolean signs();
}
