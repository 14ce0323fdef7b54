package dev.relay.auth;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The running auth extensions, by id, for the components that reference them. Token and htpasswd files are
 * checked for changes every second on one daemon thread, which {@link #close} stops.
 *
 * <p>A component is handed a stand-in per id that forwards to the extension's current authenticator, so a reload
 * that changes an extension's settings ({@link #prepare}, then {@link Update#apply}) takes effect for the next
 * request of every component that references it, without rebuilding them.
 */
public final class Authenticators implements AutoCloseable {
  private static final Authenticators NONE = new Authenticators();

  private final Map<String, SwappableServer> servers = new ConcurrentHashMap<>();
  private final Map<String, SwappableClient> clients = new ConcurrentHashMap<>();
  private volatile List<WatchedFile> files = List.of();
  /** Started with the first file to watch; guarded by {@code this}. */
  private ScheduledExecutorService watcher;
  private boolean closed;

  private Authenticators() {}

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
    Authenticators a = new Authenticators();
    a.install(Built.of(extensions));
    return a;
  }

  /**
   * Builds the authenticators of {@code next}, reading their files, without changing what runs: an id that is
   * new is already offered to components built from now on; the others change at {@link Update#apply}.
   *
   * @throws IOException when a file cannot be read; nothing has changed then
   */
  public Update prepare(Collection<AuthExtensionSettings> next) throws IOException {
    if (this == NONE) {
      throw new IllegalStateException("Authenticators.none() cannot change; use start()");
    }
    Built built = Built.of(next);
    built.servers.forEach((id, a) -> servers.computeIfAbsent(id, k -> new SwappableServer(a)));
    built.clients.forEach((id, a) -> clients.computeIfAbsent(id, k -> new SwappableClient(a)));
    return new Update(built);
  }

  /** A prepared change of the extensions; {@link #apply} swaps it in. */
  public final class Update {
    private final Built built;

    private Update(Built built) {
      this.built = built;
    }

    /** Every id's stand-in now forwards to the new settings' authenticator; removed ids are no longer offered. */
    public void apply() {
      install(built);
    }
  }

  private void install(Built built) {
    built.servers.forEach((id, a) -> servers.computeIfAbsent(id, k -> new SwappableServer(a)).delegate = a);
    built.clients.forEach((id, a) -> clients.computeIfAbsent(id, k -> new SwappableClient(a)).delegate = a);
    servers.keySet().retainAll(built.servers.keySet());
    clients.keySet().retainAll(built.clients.keySet());
    files = built.files;
    synchronized (this) {
      if (watcher == null && !built.files.isEmpty() && !closed) {
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "relay-auth-files");
          t.setDaemon(true);
          return t;
        });
        watcher.scheduleWithFixedDelay(() -> files.forEach(WatchedFile::refresh), 1, 1, TimeUnit.SECONDS);
      }
    }
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
  public synchronized void close() {
    closed = true;
    if (watcher != null) {
      watcher.shutdownNow();
    }
  }

  /** The authenticators one set of extension settings makes, and the files they watch. */
  private record Built(Map<String, ServerAuthenticator> servers, Map<String, ClientAuthenticator> clients,
      List<WatchedFile> files) {
    static Built of(Collection<AuthExtensionSettings> extensions) throws IOException {
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
      return new Built(Map.copyOf(servers), Map.copyOf(clients), List.copyOf(files));
    }
  }

  /** What a component holds for a server authenticator id: the id's current authenticator, one volatile read. */
  private static final class SwappableServer implements ServerAuthenticator {
    volatile ServerAuthenticator delegate;

    SwappableServer(ServerAuthenticator delegate) {
      this.delegate = delegate;
    }

    @Override
    public AuthResult authenticate(HeaderLookup headers) {
      return delegate.authenticate(headers);
    }

    @Override
    public AuthResult quickCheck(HeaderLookup headers) {
      return delegate.quickCheck(headers);
    }

    @Override
    public String challenge() {
      return delegate.challenge();
    }
  }

  /** What a component holds for a client authenticator id: the id's current authenticator. */
  private static final class SwappableClient implements ClientAuthenticator {
    volatile ClientAuthenticator delegate;

    SwappableClient(ClientAuthenticator delegate) {
      this.delegate = delegate;
    }

    @Override
    public Map<String, String> headers() {
      return delegate.headers();
    }
  }
}
