package dev.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Redis for tests: {@code REDIS_URL} if set; else a {@code redis-server} from PATH started on a free port (one
 * per test class, stoppable and restartable on the same port for outage tests); else a Testcontainers Redis when
 * Docker is available; else the test fails and says how to get Redis.
 */
public final class TestRedis implements AutoCloseable {
  private final String host;
  private final int port;
  private final Path dir;
  private final AutoCloseable container;
  private Process process;

  private TestRedis(String host, int port, Path dir, AutoCloseable container) {
    this.host = host;
    this.port = port;
    this.dir = dir;
    this.container = container;
  }

  public static TestRedis start() {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      java.net.URI u = java.net.URI.create(url);
      return new TestRedis(u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(), null, null);
    }
    String server = Tools.find("redis-server");
    if (server != null) {
      try {
        TestRedis r = new TestRedis("127.0.0.1", FreePorts.next(), Files.createTempDirectory("relay-redis"), null);
        r.startProcess();
        return r;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (Docker.available()) {
      return Docker.redis();
    }
    throw new IllegalStateException("These tests need a real Redis. Set REDIS_URL=redis://host:port, install "
        + "redis-server (Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis), or run a Docker "
        + "engine for Testcontainers.");
  }

  static TestRedis external(String host, int port, AutoCloseable container) {
    return new TestRedis(host, port, null, container);
  }


  public String uri() {
    return "redis://" + host + ":" + port;
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  /** Whether this instance can be stopped and started (a process this helper owns). */
  public boolean controllable() {
    return dir != null;
  }

  /** Starts the redis-server process (again) on the same port and waits until it answers. */
  public synchronized void startProcess() {
    if (dir == null) {
      throw new IllegalStateException("this Redis is not started by the tests and cannot be restarted");
    }
    List<String> cmd = new ArrayList<>(List.of(Tools.find("redis-server"), "--port", Integer.toString(port), "--bind",
        "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "no"));
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(dir.resolve("redis.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Await.until(Duration.ofSeconds(10), "redis-server to listen on " + port, this::answers);
  }

  /** Runs one command with redis-cli against this server (for test setup such as ACL users). */
  public String cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", host, "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("redis-cli " + args + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Appends {@code entries} entries to stream {@code key}, each with field {@code event} holding a JSON string of
   * {@code bytesEach} characters, pipelined in batches of 1,000 (as a busy exporter would have written them).
   */
  public void fillStream(String key, int entries, int bytesEach) {
    String event = "{\"pad\":\"" + "x".repeat(Math.max(0, bytesEach - 10)) + "\"}";
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(uri());
    try (var conn = client.connect()) {
      var async = conn.async();
      conn.setAutoFlushCommands(false);
      for (int done = 0; done < entries; ) {
        List<io.lettuce.core.RedisFuture<String>> batch = new ArrayList<>();
        for (int i = 0; i < 1_000 && done < entries; i++, done++) {
          batch.add(async.xadd(key, java.util.Map.of("event", event)));
        }
        conn.flushCommands();
        for (var f : batch) {
          f.get(30, TimeUnit.SECONDS);
        }
      }
    } catch (Exception e) {
      throw new IllegalStateException("filling stream " + key + ": " + e, e);
    } finally {
      client.shutdown();
    }
  }

  /** Kills the redis-server process and waits until the port is closed. */
  public synchronized void stopProcess() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    Await.until(Duration.ofSeconds(10), "redis port " + port + " to close", () -> !answers());
  }

  private boolean answers() {
    try (Socket s = new Socket(host, port)) {
      s.getOutputStream().write("PING\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] buf = new byte[7];
      return s.getInputStream().read(buf) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws Exception {
    stopProcess();
    if (container != null) {
      container.close();
    }
  }
}
