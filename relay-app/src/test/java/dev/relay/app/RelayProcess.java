package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.PrometheusText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code relay.jar}, run as a real process through its launcher with the given heap, as the
 * README tells people to run it. Its output goes to a file, not a pipe: everything it wrote is still there after it
 * exits.
 */
final class RelayProcess implements AutoCloseable {
  static final Path JAR = Path.of("target", "relay.jar");
  static final Path LAUNCHER = Path.of("target", "relay");

  private final Process process;
  private final Path log;

  private RelayProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code target/relay args...}, the launcher a user runs (the tuned JVM flags, this JDK as {@code
   * JAVA_HOME}), with {@code -Xmx<heap>} in {@code RELAY_JAVA_OPTS} and {@code env} added.
   */
  static RelayProcess start(Path log, String heap, Map<String, String> env, String... args) throws IOException {
    return start(log, false, heap, env, args);
  }

  /**
   * As {@link #start}, but stderr is a pipe, read from {@code process().getErrorStream()} (or left unread, to stall
   * the relay's stderr as a log reader that stopped reading does); {@code log} gets stdout only.
   */
  static RelayProcess startWithStderrPipe(Path log, String heap, Map<String, String> env, String... args)
      throws IOException {
    return start(log, true, heap, env, args);
  }

  private static RelayProcess start(Path log, boolean stderrPipe, String heap, Map<String, String> env,
      String... args) throws IOException {
    assertThat(JAR).as("the fat jar is built by 'package' before integration tests").exists();
    assertThat(LAUNCHER).as("the launcher is put beside the jar by 'package'").isExecutable();
    List<String> cmd = new ArrayList<>(List.of(LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(!stderrPipe).redirectOutput(log.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("RELAY_JAVA_OPTS", "-Xmx" + heap);
    pb.environment().putAll(env);
    return new RelayProcess(pb.start(), log);
  }

  Process process() {
    return process;
  }

  /** Sends signal {@code name} ({@code HUP}, {@code TERM}, ...) to the relay: the launcher execs the JVM. */
  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).as("kill -" + name).isZero();
  }

  String output() {
    try {
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return "";
    }
  }

  void awaitStarted() {
    Await.until(Duration.ofSeconds(30), "start-up; output:\n" + output(), () -> output().contains("relay started"));
  }

  int awaitExit() throws InterruptedException {
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("process exits; output:\n" + output()).isTrue();
    return process.exitValue();
  }

  /** The sum of a Prometheus metric's series, read from an admin endpoint; -1 while it cannot be read. */
  static double metric(int adminPort, String name) {
    return metric(adminPort, name, "");
  }

  /** The sum of the series of a metric whose labels contain {@code label} (e.g. {@code area="heap"}). */
  static double metric(int adminPort, String name, String label) {
    return PrometheusText.metric(adminPort, name, label);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
