package dev.relay.bench;

import java.io.File;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the end-to-end benches share: free ports, and the relay started as a process with the image's flags. */
final class BenchSupport {
  private BenchSupport() {}

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code relay.jar run --config config} with {@code -XX:+UseSerialGC -Xmx64m}, plus whatever
   * {@code RELAY_BENCH_JVM_OPTS} holds (a JFR recording, say), logging to {@code log}; waits for its port.
   */
  static Process startRelay(Path relayJar, Path config, int port, String log) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx64m"));
    String extra = System.getenv("RELAY_BENCH_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    cmd.addAll(List.of("-jar", relayJar.toString(), "run", "--config", config.toString()));
    Process relay = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(log)).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return relay;
      } catch (java.io.IOException e) {
        Thread.sleep(20);
      }
    }
    relay.destroyForcibly();
    throw new IllegalStateException("relay did not listen on " + port + "; see " + log);
  }
}
