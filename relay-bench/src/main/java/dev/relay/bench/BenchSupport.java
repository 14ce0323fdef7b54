package dev.relay.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What the end-to-end benches share: free ports, the relay started as a process with the image's flags, the
 * relay's CPU time and RSS read from /proc, and the results file that {@link Summary} reads.
 */
final class BenchSupport {
  private BenchSupport() {}

  /**
   * The launcher's flags (relay-app/src/main/launcher/relay) but its AppCDS archive (which only {@link
   * StartupBench} makes and uses, as it changes class loading, not the hot path); keep the two in step. The floors
   * get them too, so the bench does not start the relay through the launcher yet.
   */
  static final List<String> IMAGE_FLAGS = List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xmn12m",
      "-XX:FreqInlineSize=100", "-XX:+ExitOnOutOfMemoryError", "-XX:TrimNativeHeapInterval=1000", "-XX:-UsePerfData",
      "-Xms24m", "-XX:MinHeapFreeRatio=30", "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps",
      "-XX:+UnlockDiagnosticVMOptions", "-XX:GuaranteedSafepointInterval=0", "-XX:AsyncDeflationInterval=0");

  /** Clock ticks per second of /proc/PID/stat's utime and stime ({@code getconf CLK_TCK}). */
  static final long CLK_TCK = clockTicks();

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /**
   * Starts {@code relay.jar run --config config} with {@link #IMAGE_FLAGS}, plus whatever
   * {@code RELAY_BENCH_JVM_OPTS} holds (a JFR recording, say), logging to {@code log}; waits for its port.
   */
  static Process startRelay(Path relayJar, Path config, int port, String log) throws Exception {
    Process relay = launchRelay(relayJar, config, log, List.of());
    awaitPort(relay, port, log);
    return relay;
  }

  /** {@code java IMAGE_FLAGS $RELAY_BENCH_JVM_OPTS}: the start of every command line the bench measures. */
  private static List<String> imageJava() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(IMAGE_FLAGS);
    String extra = System.getenv("RELAY_BENCH_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    return cmd;
  }

  /** Launches the relay without waiting: {@code java IMAGE_FLAGS $RELAY_BENCH_JVM_OPTS extra -jar relay.jar run}. */
  static Process launchRelay(Path relayJar, Path config, String log, List<String> extraFlags) throws IOException {
    List<String> cmd = imageJava();
    cmd.addAll(extraFlags);
    cmd.addAll(List.of("-jar", relayJar.toString(), "run", "--config", config.toString()));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(log)).start();
  }

  /**
   * Starts a {@link PassThroughFloor} in {@code mode} as its own process, with {@link #IMAGE_FLAGS} (and
   * {@code RELAY_BENCH_JVM_OPTS}, as the relay gets), from this bench's own jar; waits for its port.
   */
  static Process startFloor(String mode, int port, int sinkPort, String log) throws Exception {
    List<String> cmd = imageJava();
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PassThroughFloor.class.getName(),
        Integer.toString(port), Integer.toString(sinkPort), mode));
    Process floor = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(new File(log)).start();
    awaitPort(floor, port, log);
    return floor;
  }

  private static void awaitPort(Process process, int port, String log) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      if (accepts(port)) {
        return;
      }
      Thread.sleep(20);
    }
    process.destroyForcibly();
    throw new IllegalStateException("process did not listen on " + port + "; see " + log);
  }

  static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the relay as Kubernetes would (SIGTERM), and waits for it. */
  static void stop(Process relay) throws InterruptedException {
    relay.destroy();
    if (!relay.waitFor(15, TimeUnit.SECONDS)) {
      relay.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** utime + stime of every thread of the process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
  static long cpuTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may hold spaces; the fields after its closing parenthesis start at field 3.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * utime + stime per thread, keyed "name|tid" (from /proc/PID/task/TID/stat), with digits in names folded to '#'
   * so that pools add up in {@link #topThreads} (grpc-default-worker-ELG-3-2 becomes grpc-default-worker-ELG-#-#).
   */
  static java.util.Map<String, Long> cpuTicksByThread(long pid) {
    java.util.Map<String, Long> out = new java.util.HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
          out.put(name + "|" + task.getFileName(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException e) {
          // the thread ended
        }
      }
    } catch (IOException e) {
      // the process ended
    }
    return out;
  }

  /**
   * Ticks per thread name between two {@link #cpuTicksByThread} snapshots. A thread that ended in between (the
   * JVM stops idle compiler threads) is left out; one that started counts from 0.
   */
  static java.util.Map<String, Long> threadDeltas(java.util.Map<String, Long> before,
      java.util.Map<String, Long> after) {
    java.util.Map<String, Long> byName = new java.util.HashMap<>();
    after.forEach((key, ticks) -> byName.merge(key.substring(0, key.lastIndexOf('|')),
        ticks - before.getOrDefault(key, 0L), Long::sum));
    return byName;
  }

  /** The threads that used most CPU between two snapshots, as "name ticks, ...". */
  static String topThreads(java.util.Map<String, Long> before, java.util.Map<String, Long> after, int n) {
    return threadDeltas(before, after).entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(n)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  static double cpuSeconds(long ticks) {
    return (double) ticks / CLK_TCK;
  }

  /** VmRSS of the process in KiB, from /proc/PID/status; -1 when it has gone. */
  static long rssKiB(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // gone
    }
    return -1;
  }

  private static long clockTicks() {
    try {
      Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      p.waitFor(5, TimeUnit.SECONDS);
      return Long.parseLong(out);
    } catch (Exception e) {
      return 100;
    }
  }

  /**
   * Records one figure for {@link Summary}: appends {@code key=value} to the file named by
   * {@code RELAY_BENCH_RESULTS}, if set (bench/run.sh sets it).
   */
  static void result(String key, double value) {
    String file = System.getenv("RELAY_BENCH_RESULTS");
    if (file == null || file.isBlank()) {
      return;
    }
    try {
      Files.writeString(Path.of(file), String.format(Locale.ROOT, "%s=%s%n", key, value), StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static long median(long[] values) {
    long[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  static long min(long[] values) {
    long m = Long.MAX_VALUE;
    for (long v : values) {
      m = Math.min(m, v);
    }
    return m;
  }
}
