package dev.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real 3-node Redis Cluster on loopback: three {@code redis-server --cluster-enabled yes} processes joined with
 * {@code redis-cli --cluster create}. Needs redis-server and redis-cli on PATH.
 */
public final class TestRedisCluster implements AutoCloseable {
  private final List<Process> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  private TestRedisCluster() {}

  public static boolean available() {
    return Tools.onPath("redis-server", "redis-cli");
  }


  public static TestRedisCluster start() throws Exception {
    TestRedisCluster c = new TestRedisCluster();
    try {
      Path dir = Files.createTempDirectory("relay-redis-cluster");
      for (int i = 0; i < 3; i++) {
        int port = FreePorts.next();
        Path nodeDir = Files.createDirectories(dir.resolve("n" + i));
        c.ports.add(port);
        c.nodes.add(new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
            "--cluster-enabled", "yes", "--cluster-config-file", nodeDir.resolve("nodes.conf").toString(),
            "--save", "", "--appendonly", "no", "--dir", nodeDir.toString(), "--protected-mode", "no")
            .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.log").toFile()).start());
      }
      for (int port : c.ports) {
        Await.until(Duration.ofSeconds(10), "cluster node " + port, () -> c.cli(port, "PING").equals("PONG"));
      }
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      for (int port : c.ports) {
        create.add("127.0.0.1:" + port);
      }
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      run(create);
      for (int port : c.ports) {
        Await.until(Duration.ofSeconds(20), "cluster state ok on " + port,
            () -> c.cli(port, "CLUSTER", "INFO").contains("cluster_state:ok"));
      }
      return c;
    } catch (Exception e) {
      c.close();
      throw e;
    }
  }

  public List<Integer> ports() {
    return List.copyOf(ports);
  }

  public String seed() {
    return "redis://127.0.0.1:" + ports.get(0);
  }

  /** Runs one command on one node (without following redirects). */
  public String cli(int port, String... args) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
    cmd.addAll(List.of(args));
    try {
      return run(cmd);
    } catch (IllegalStateException e) {
      return "";
    }
  }

  /** Runs one command following cluster redirects ({@code redis-cli -c}). */
  public String cliCluster(String... args) {
    List<String> cmd = new ArrayList<>(List.of("redis-cli", "-c", "-h", "127.0.0.1", "-p",
        Integer.toString(ports.get(0))));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  private static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    for (Process p : nodes) {
      p.destroy();
    }
    for (Process p : nodes) {
      try {
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
