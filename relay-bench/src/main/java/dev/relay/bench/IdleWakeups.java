package dev.relay.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What an idle relay costs: CPU, RSS, thread count and, per thread, how often it wakes up (its voluntary and
 * involuntary context switches over the measured time, from {@code /proc/PID/task/TID/status}). Wake-up counts do
 * not depend on how busy the machine is, so they can be measured on a shared one; CPU at idle cannot.
 */
final class IdleWakeups {
  private IdleWakeups() {}

  /** One thread's name, its context switches so far and its time on a CPU (ns, from schedstat). */
  private record Sample(String name, long switches, long cpuNanos) {}

  /**
   * Waits {@code settle} seconds after start, then measures over {@code measure} seconds; prints the totals and
   * every thread that woke (by name, with pools' digits folded so that a pool adds up), and records the results.
   */
  static void measure(Process relay, int settle, int measure) throws Exception {
    Thread.sleep(TimeUnit.SECONDS.toMillis(settle));
    long cpu0 = BenchSupport.cpuTicks(relay.pid());
    Map<String, Sample> before = sample(relay.pid());
    long t0 = System.nanoTime();
    Thread.sleep(TimeUnit.SECONDS.toMillis(measure));
    double elapsed = (System.nanoTime() - t0) / 1e9;
    Map<String, Sample> after = sample(relay.pid());
    long ticks = BenchSupport.cpuTicks(relay.pid()) - cpu0;
    double percent = 100 * BenchSupport.cpuSeconds(ticks) / elapsed;
    long rss = BenchSupport.rssKiB(relay.pid());
    System.out.printf("idle, %d s after start, over %d s: CPU %.2f%% of a core (%d ticks), RSS %d MiB, %d threads%n",
        settle, measure, percent, ticks, rss / 1024, after.size());

    Map<String, long[]> byName = new TreeMap<>(); // name -> {threads, wake-ups, CPU ns}
    long total = 0;
    long totalNanos = 0;
    for (Map.Entry<String, Sample> e : after.entrySet()) {
      Sample was = before.get(e.getKey());
      long woke = e.getValue().switches() - (was == null ? 0 : was.switches());
      long nanos = e.getValue().cpuNanos() - (was == null ? 0 : was.cpuNanos());
      long[] row = byName.computeIfAbsent(e.getValue().name().replaceAll("[0-9]+", "#"), n -> new long[3]);
      row[0]++;
      row[1] += woke;
      row[2] += nanos;
      total += woke;
      totalNanos += nanos;
    }
    // schedstat counts nanoseconds, where /proc/PID/stat's ticks are 10 ms: an idle relay uses a few ticks a minute.
    System.out.printf("  wake-ups: %.2f/s in all; CPU by schedstat %.3f%% of a core (%.0f us/s)%n", total / elapsed,
        totalNanos / elapsed / 1e7, totalNanos / elapsed / 1e3);
    List<Map.Entry<String, long[]>> rows = new ArrayList<>(byName.entrySet());
    rows.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
    StringBuilder top = new StringBuilder();
    for (Map.Entry<String, long[]> row : rows) {
      long[] v = row.getValue();
      System.out.printf("  %-40s %2d thread%s %8.2f/s %8.1f us/s%n", row.getKey(), v[0], v[0] == 1 ? " " : "s",
          v[1] / elapsed, v[2] / elapsed / 1e3);
      if (v[1] > 0 && top.length() < 200) {
        top.append(top.length() == 0 ? "" : ", ").append(row.getKey())
            .append(String.format(" %.1f/s", v[1] / elapsed));
      }
    }
    System.out.printf("  wake-ups by thread: %s%n", top.length() == 0 ? "none" : top);
    BenchSupport.result("shipped.idle.cpuPercent", percent);
    BenchSupport.result("shipped.idle.rssMiB", rss / 1024.0);
    BenchSupport.result("shipped.idle.threads", after.size());
    BenchSupport.result("shipped.idle.wakeupsPerSecond", total / elapsed);
    BenchSupport.result("shipped.idle.schedstatCpuPercent", totalNanos / elapsed / 1e7);
  }

  /** Every live thread by id: its name and context switches (voluntary and not). */
  private static Map<String, Sample> sample(long pid) throws IOException {
    Map<String, Sample> byTid = new HashMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String name = Files.readString(task.resolve("comm")).trim();
          long n = 0;
          for (String line : Files.readAllLines(task.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
              n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
          String schedstat = Files.readString(task.resolve("schedstat")).trim();
          long nanos = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
          byTid.put(task.getFileName().toString(), new Sample(name, n, nanos));
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    }
    return byTid;
  }
}
