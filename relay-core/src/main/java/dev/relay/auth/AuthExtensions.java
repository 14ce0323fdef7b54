package dev.relay.auth;

import dev.relay.config.ConfigMap;
import java.util.List;

/** The auth extension types Relay has, and the parser of their settings. */
public final class AuthExtensions {
  /** The types, for an unknown type's fault. */
  public static final List<String> TYPES = List.of(BasicAuthSettings.TYPE, BearerTokenSettings.TYPE);

  private AuthExtensions() {}

  public static boolean isAuthType(String type) {
    return TYPES.contains(type);
  }

  /** Reads {@code extensions.<id>} of an auth {@code type}; faults go to {@code cfg}'s keys. */
  public static AuthExtensionSettings parse(String type, String id, ConfigMap cfg) {
    return switch (type) {
      case BearerTokenSettings.TYPE -> BearerTokenSettings.parse(id, cfg);
      case BasicAuthSettings.TYPE -> BasicAuthSettings.parse(id, cfg);
      default -> throw new IllegalArgumentException("not an auth extension type: " + type);
    };
  }
}
