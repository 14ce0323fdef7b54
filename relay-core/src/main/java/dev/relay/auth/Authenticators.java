package dev.relay.auth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running auth extensions, by id, for the components that reference them. Token and htpasswd files are
 * checked for changes every second on one daemon thread, which {@link #close} stops.
 */
public final class Authenticators implements AutoCloseable {
  private static final Authenticators NONE = new Authenticators(Map.of(), Map.of(), List.of());

  private final Map<String, ServerAuthenticator> servers;
  private final Map<String, ClientAuthenticator> clients;
  private final ScheduledExecutorService watcher;

  private Authenticators(Map<String, ServerAuthenticator> servers, Map<String, ClientAuthenticator> clients,
      List<WatchedFile> files) {
    this.servers = Map.copyOf(servers);
    this.clients = Map.copyOf(clients);
    if (files.isEmpty()) {
      watcher = null;
    } else {
      watcher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "relay-auth-files");
        t.setDaemon(true);
        return t;
      });
      watcher.scheduleWithFixedDelay(() -> files.forEach(WatchedFile::refresh), 1, 1, TimeUnit.SECONDS);
    }
  }

  /** No extensions. */
  public static Authenticators none() {
    return NONE;
  }

  /**
   * Makes the authenticators of {@code extensions}, reading their files.
   *
   * @throws IOException when a file cannot be read (it could when the config was loaded)
   */
  public static Authenticators start(Collection<AuthExtensionSettings> extensions) throws IOException {
    if (extensions.isEmpty()) {
      return NONE;
    }
    Map<String, ServerAuthenticator> servers = new LinkedHashMap<>();
    Map<String, ClientAuthenticator> clients = new LinkedHashMap<>();
    List<WatchedFile> files = new ArrayList<>();
    for (AuthExtensionSettings e : extensions) {
      if (e instanceof BearerTokenSettings b) {
        BearerTokenAuthenticator a = new BearerTokenAuthenticator(b);
        servers.put(b.id(), a);
        clients.put(b.id(), a);
        if (a.file() != null) {
          files.add(a.file());
        }
      } else if (e instanceof BasicAuthSettings b && b.signs()) {
        clients.put(b.id(), new BasicAuthClient(b));
      } else if (e instanceof BasicAuthSettings b) {
        BasicAuthenticator a = new BasicAuthenticator(b);
        servers.put(b.id(), a);
        if (a.file() != null) {
          files.add(a.file());
        }
      }
    }
    return new Authenticators(servers, clients, files);
  }

  /** The server authenticator {@code id}; the loader has checked that it exists. */
  public ServerAuthenticator server(String id) {
    ServerAuthenticator a = servers.get(id);
    if (a == null) {
      throw new IllegalStateException("no server authenticator '" + id + "' is running");
    }
    return a;
  }

  /** The client authenticator {@code id}; the loader has checked that it exists. */
  public ClientAuthenticator client(String id) {
    ClientAuthenticator a = clients.get(id);
    if (a == null) {
      throw new IllegalStateException("no client authenticator '" + id + "' is running");
    }
    return a;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }
}
