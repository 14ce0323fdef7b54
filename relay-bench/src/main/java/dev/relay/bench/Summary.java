package dev.relay.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints issue #7's targets beside the figures the benches of one bench/run.sh recorded ({@code key=value} lines,
 * see {@link BenchSupport#result}).
 *
 * <p>Usage: {@code java -cp relay-bench.jar dev.relay.bench.Summary RESULTS_FILE [label]}
 */
public final class Summary {
  /** The start-up variant docker/Dockerfile ships: an AppCDS archive trained by a short {@code relay run} answering empty Exports. */
  static final String IMAGE_STARTUP = "appcds-image";

  private final Map<String, Double> r = new HashMap<>();

  public static void main(String[] args) throws Exception {
    Summary s = new Summary();
    for (String line : Files.readAllLines(Path.of(args[0]))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        s.r.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
      }
    }
    s.print(args.length > 1 ? args[1] : "");
  }

  private double v(String key) {
    return r.getOrDefault(key, Double.NaN);
  }

  private boolean has(String... keys) {
    for (String k : keys) {
      if (!r.containsKey(k) || Double.isNaN(r.get(k))) {
        return false;
      }
    }
    return true;
  }

  private void print(String label) {
    System.out.println();
    System.out.println("== issue #7 targets, measured in this run " + label);
    System.out.printf("%-56s | %-62s | %s%n", "target", "measured", "verdict");
    System.out.println("-".repeat(56) + "-+-" + "-".repeat(62) + "-+--------");

    row("delivered with Redis fan-out >= 0.5x null sink (parses)", has("redis.parsing.ratio")
        ? String.format("%.2fx (%,.0f of %,.0f spans/s); Tempo only %.2fx", v("redis.parsing.ratio"),
            v("redis.parsing.through"), v("redis.parsing.direct"), v("tempo.parsing.ratio"))
        : null, v("redis.parsing.ratio"), 0.5, true, "x");
    row("  floors: bare pass-through, bytes / decode+re-encode", floors("parsing"), Double.NaN, Double.NaN, false,
        "");
    row("  into a sink that only counts (no target)", has("redis.raw.ratio")
        ? String.format("%.2fx (%,.0f of %,.0f spans/s); Tempo only %.2fx", v("redis.raw.ratio"),
            v("redis.raw.through"), v("redis.raw.direct"), v("tempo.raw.ratio"))
        : null, Double.NaN, Double.NaN, false, "");
    row("  floors into that sink", floors("raw"), Double.NaN, Double.NaN, false, "");
    row("CPU at 10k spans/s <= 10% of one core (JIT warm)", pair("warm.cpuPercent", "%.1f%%"),
        worst("warm.cpuPercent"), 10, false, "%");
    String fresh = pair("fresh.cpuPercent", "%.1f%%");
    row("  fresh relay, never saturated (JIT still busy)",
        fresh == null ? null : fresh + "; without JIT threads: " + pair("fresh.cpuPercentNoJit", "%.1f%%"),
        Double.NaN, Double.NaN, false, "");
    row("core-us per span at saturation, sink only counts", pair("raw.coreMicrosPerSpan", "%.2f"), Double.NaN,
        Double.NaN, false, "");
    row("  floors: bare pass-through, bytes / decode+re-encode", has("floor.bytes.raw.coreMicrosPerSpan", "floor.decode.raw.coreMicrosPerSpan")
        ? String.format("%.2f / %.2f", v("floor.bytes.raw.coreMicrosPerSpan"),
            v("floor.decode.raw.coreMicrosPerSpan"))
        : null, Double.NaN, Double.NaN, false, "");
    // Judged from the fresh relay's first call on: its RSS peaks in the first minute, while C2 compiles.
    row("RSS at 10k spans/s <= 150 MiB (fresh, from 1st call)",
        pair("fresh.rssSinceWarmupMaxMiB", "max %.0f MiB"), worst("fresh.rssSinceWarmupMaxMiB"), 150, false, " MiB");
    row("  in the measured part, after the warm-up", pair("fresh.rssMaxMiB", "max %.0f MiB"), Double.NaN,
        Double.NaN, false, "");
    row("  after the saturation phases", pair("warm.rssMaxMiB", "max %.0f MiB"), Double.NaN, Double.NaN, false, "");
    // A difference of two p99s: below zero when the direct PUBLISH baseline had the worse tail in this run.
    row("relay-added latency p99 <= 1 ms at 1,000 events/s (JIT settled)", has("latency.added.p99.0")
        ? (v("latency.added.p99.0") < 0
            ? String.format("p99 <= 0 (the direct PUBLISH p99 was %.3f ms higher)", -v("latency.added.p99.0"))
            : String.format("p99 %.3f ms (p50 %.3f, p99.9 %.3f)", v("latency.added.p99.0"),
                v("latency.added.p50.0"), v("latency.added.p99.9")))
        : null, v("latency.added.p99.0"), 1, false, " ms");
    row("  fresh relay, its first seconds (JIT busy)", has("latency.freshAdded.p99.0")
        ? String.format("p99 %.3f ms (p50 %.3f, p99.9 %.3f)", v("latency.freshAdded.p99.0"),
            v("latency.freshAdded.p50.0"), v("latency.freshAdded.p99.9"))
        : null, Double.NaN, Double.NaN, false, "");
    row("  Export -> relay -> subscriber (ms)", has("latency.relay.p99.0")
        ? String.format("p50 %.3f, p99 %.3f, p99.9 %.3f", v("latency.relay.p50.0"), v("latency.relay.p99.0"),
            v("latency.relay.p99.9"))
        : null, Double.NaN, Double.NaN, false, "");
    row("  direct PUBLISH -> subscriber (ms)", has("latency.direct.p99.0")
        ? String.format("p50 %.3f, p99 %.3f, p99.9 %.3f", v("latency.direct.p50.0"), v("latency.direct.p99.0"),
            v("latency.direct.p99.9"))
        : null, Double.NaN, Double.NaN, false, "");
    row("  selected events published (no #7 target)", has("redis.published")
        ? String.format("%,.0f messages/s (%.2f of redis-benchmark -P 32)", v("redis.published"),
            v("redis.published") / v("redis.benchmark"))
        : null, Double.NaN, Double.NaN, false, "");
    String img = "startup." + IMAGE_STARTUP;
    row("ready <= 1.5 s after start (image: AppCDS)", has(img + ".listen.median")
        ? String.format("median %.0f ms (min %.0f); first Export ok: median %.0f ms", v(img + ".listen.median"),
            v(img + ".listen.min"), v(img + ".export.median"))
        : null, v(img + ".listen.median") / 1000, 1.5, false, " s");
    row("  without the AppCDS archive", has("startup.default.listen.median")
        ? String.format("median %.0f ms (min %.0f); first Export ok: median %.0f ms",
            v("startup.default.listen.median"), v("startup.default.listen.min"),
            v("startup.default.export.median"))
        : null, Double.NaN, Double.NaN, false, "");
    printShipped();
  }

  /** Issue #18's targets, judged on {@link ShippedBench}'s figures: the relay as a user starts it. */
  private void printShipped() {
    if (!has("shipped.direct")) {
      return;
    }
    System.out.println();
    System.out.println("== as shipped (launcher, config/tempo-redis.yaml unchanged, gzip): issue #18 targets");
    System.out.printf("%-56s | %-62s | %s%n", "target", "measured", "verdict");
    System.out.println("-".repeat(56) + "-+-" + "-".repeat(62) + "-+--------");
    row("through the relay with Redis fan-out >= 0.5x direct", has("shipped.ratio")
        ? String.format("%.2fx (%,.0f of %,.0f spans/s)", v("shipped.ratio"), v("shipped.burst"),
            v("shipped.direct"))
        : null, v("shipped.ratio"), 0.5, true, "x");
    row("CPU <= 10% at 10k spans/s, the minute after a burst", has("shipped.afterBurst.cpuPercent")
        ? String.format("%.1f%%", v("shipped.afterBurst.cpuPercent")) : null, v("shipped.afterBurst.cpuPercent"),
        10, false, "%");
    row("CPU <= 25% at 10k spans/s, a fresh relay's first minute", has("shipped.fresh.cpuPercent")
        ? String.format("%.1f%%", v("shipped.fresh.cpuPercent")) : null, v("shipped.fresh.cpuPercent"), 25, false,
        "%");
    row("RSS <= 150 MiB at 10k spans/s after a burst", has("shipped.afterBurst.rssMaxMiB")
        ? String.format("max %.0f MiB, last %.0f MiB", v("shipped.afterBurst.rssMaxMiB"),
            v("shipped.afterBurst.rssLastMiB")) : null, v("shipped.afterBurst.rssMaxMiB"), 150, false, " MiB");
    row("  fresh relay's first minute (no target)", has("shipped.fresh.rssMaxMiB")
        ? String.format("max %.0f MiB", v("shipped.fresh.rssMaxMiB")) : null, Double.NaN, Double.NaN, false, "");
    row("idle RSS <= 100 MiB", has("shipped.idle.rssMiB")
        ? String.format("%.0f MiB, %.0f threads", v("shipped.idle.rssMiB"), v("shipped.idle.threads")) : null,
        v("shipped.idle.rssMiB"), 100, false, " MiB");
    row("idle CPU <= 0.3% of a core", has("shipped.idle.cpuPercent")
        ? String.format("%.2f%%", v("shipped.idle.cpuPercent")) : null, v("shipped.idle.cpuPercent"), 0.3, false,
        "%");
    row("  idle wake-ups, schedstat CPU (no target)", has("shipped.idle.wakeupsPerSecond")
        ? String.format("%.1f/s, %.3f%% of a core", v("shipped.idle.wakeupsPerSecond"),
            v("shipped.idle.schedstatCpuPercent")) : null, Double.NaN, Double.NaN, false, "");
    double added = v("shipped.latency.relay.p99.0") - v("shipped.latency.direct.p99.0");
    row("export -> subscriber p99 <= direct PUBLISH p99 + 1 ms", has("shipped.latency.relay.p99.0")
        ? String.format("p99 %.3f ms vs %.3f ms direct: +%.3f ms", v("shipped.latency.relay.p99.0"),
            v("shipped.latency.direct.p99.0"), added) : null, added, 1, false, " ms");
  }

  /** The two bare pass-throughs' ratios into one kind of sink. */
  private String floors(String sink) {
    return has("floor.bytes." + sink + ".ratio", "floor.decode." + sink + ".ratio")
        ? String.format("%.2fx / %.2fx", v("floor.bytes." + sink + ".ratio"), v("floor.decode." + sink + ".ratio"))
        : null;
  }

  /** "X with Redis, Y Tempo only" for redis.SUFFIX and tempo.SUFFIX, leaving out what was not measured. */
  private String pair(String suffix, String format) {
    StringBuilder b = new StringBuilder();
    if (has("redis." + suffix)) {
      b.append(String.format(format, v("redis." + suffix))).append(" with Redis");
    }
    if (has("tempo." + suffix)) {
      b.append(b.length() > 0 ? ", " : "").append(String.format(format, v("tempo." + suffix))).append(" Tempo only");
    }
    return b.length() == 0 ? null : b.toString();
  }

  /** The larger of redis.SUFFIX and tempo.SUFFIX, of those measured. */
  private double worst(String suffix) {
    double w = Double.NaN;
    for (String k : new String[] {"redis." + suffix, "tempo." + suffix}) {
      if (has(k)) {
        w = Double.isNaN(w) ? v(k) : Math.max(w, v(k));
      }
    }
    return w;
  }

  private static void row(String target, String measured, double value, double limit, boolean atLeast, String unit) {
    String verdict;
    if (measured == null) {
      verdict = "not measured";
      measured = "-";
    } else if (Double.isNaN(limit)) {
      verdict = "";
    } else if (atLeast ? value >= limit : value <= limit) {
      verdict = "met";
    } else {
      verdict = String.format("MISSED by %.2f%s", Math.abs(value - limit), unit);
    }
    System.out.printf("%-56s | %-62s | %s%n", target, measured, verdict);
  }
}
