package dev.relay.auth;

import dev.relay.config.ConfigMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code basicauth}: as a server authenticator, the users of {@code htpasswd.inline} and {@code htpasswd.file}
 * (inline wins for a user in both, as in the Collector; the file is reread when it changes); as a client
 * authenticator, {@code client_auth.username} and {@code client_auth.password}. One extension is one or the other.
 */
public record BasicAuthSettings(String id, Map<String, String> inlineUsers, String htpasswdFile,
    String clientUsername, String clientPassword) implements AuthExtensionSettings {
  public static final String TYPE = "basicauth";

  public BasicAuthSettings {
    inlineUsers = Map.copyOf(inlineUsers);
  }

  static BasicAuthSettings parse(String id, ConfigMap cfg) {
    boolean server = cfg.has("htpasswd");
    boolean client = cfg.has("client_auth");
    ConfigMap htpasswd = cfg.map("htpasswd");
    String inline = htpasswd.string("inline", null);
    Map<String, String> users = inline == null ? Map.of()
        : Htpasswd.parse(inline, message -> htpasswd.problem("inline", message));
    String file = htpasswd.string("file", null);
    if (file != null) {
      try {
        Htpasswd.parse(Files.readString(Path.of(file), StandardCharsets.UTF_8),
            message -> htpasswd.problem("file", "'" + file + "': " + message));
      } catch (Exception e) {
        htpasswd.problem("file", "cannot read '" + file + "'");
      }
    }
    htpasswd.rejectUnknown();
    if (server && inline == null && file == null) {
      htpasswd.problem(null, "htpasswd needs inline or file");
    }
    ConfigMap clientAuth = cfg.map("client_auth");
    String username = clientAuth.string("username", null);
    String password = clientAuth.string("password", null);
    clientAuth.rejectUnknown();
    if (client && (username == null || username.isEmpty())) {
      clientAuth.problem("username", "client_auth needs a username");
    }
    if (username != null && username.contains(":")) {
      clientAuth.problem("username", "a basic auth username cannot hold ':'");
    }
    cfg.rejectUnknown();
    if (server && client) {
      cfg.problem(null, "a basicauth extension is either a server's (htpasswd) or a client's (client_auth), not"
          + " both: define two, e.g. basicauth/server and basicauth/client");
    } else if (!server && !client) {
      cfg.problem(null, "basicauth needs htpasswd (to check clients) or client_auth (to authenticate an exporter)");
    }
    return new BasicAuthSettings(id, users, file, client ? username : null, client ? (password == null ? ""
        : password) : null);
  }

  @Override
  public boolean serves() {
    return clientUsername == null;
  }

  @Override
  public boolean signs() {
    return clientUsername != null;
  }

  @Override
  public String toString() {
    return "basicauth " + id + (signs() ? " (client " + clientUsername + ")"
        : " (" + inlineUsers.size() + " inline user(s)" + (htpasswdFile != null ? ", file " + htpasswdFile : "")
            + ")");
  }
}
