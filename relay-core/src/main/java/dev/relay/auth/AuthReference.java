package dev.relay.auth;

import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;

/**
 * A component's {@code auth: {authenticator: <id>}}: the extension it names, whether it needs one that checks
 * requests (a listener) or signs them (an exporter), and where it was written, for the fault when the loader finds
 * no such extension listed in {@code service.extensions}.
 */
public record AuthReference(String authenticator, boolean server, ConfigNode at) {
  /** Reads {@code m}'s {@code auth} section, or null when it has none. Call before {@code m.rejectUnknown()}. */
  public static AuthReference parse(ConfigMap m, boolean server) {
    ConfigNode auth = m.get("auth");
    if (auth == null) {
      return null;
    }
    ConfigMap section = auth.asMap();
    ConfigNode id = section.get("authenticator");
    String text = section.requiredString("authenticator");
    section.rejectUnknown();
    return text == null || text.isBlank() ? null : new AuthReference(text.trim(), server, id);
  }

  /** Components whose settings name authenticators implement this, so the loader can check each reference. */
  public interface Holder {
    java.util.List<AuthReference> authReferences();
  }
}
