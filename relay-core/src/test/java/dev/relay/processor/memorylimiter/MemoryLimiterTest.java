package dev.relay.processor.memorylimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.consumer.ConsumeException;
import dev.relay.otlp.TracesBatch;
import dev.relay.testing.Await;
import dev.relay.testing.TestTraces;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoryLimiterTest {
  private static final long MIB = 1024L * 1024L;

  private final List<TracesBatch> out = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  /** The injected readings, in MiB; afterGc -1 means no GC seen. */
  private long used;
  private long afterGc = -1;
  /** What a forced GC brings the heap down to, in MiB. */
  private long usedAfterForcedGc = -1;
  private int gcs;
  private long now;

  private final MemoryReader reader = new MemoryReader() {
    @Override
    public long heapUsed() {
      return used * MIB;
    }

    @Override
    public long heapUsedAfterLastGc() {
      return afterGc < 0 ? -1 : afterGc * MIB;
    }
  };

  private static MemoryLimiterConfig parse(String yaml) throws Exception {
    Problems p = new Problems("t.yaml");
    MemoryLimiterConfig cfg = new MemoryLimiterProcessorFactory().parseConfig(new YamlLoader(k -> null).parse(yaml, p));
    p.throwIfAny();
    return cfg;
  }

  private static List<String> problems(String yaml) {
    Problems p = new Problems("t.yaml");
    new MemoryLimiterProcessorFactory().parseConfig(new YamlLoader(k -> null).parse(yaml, p));
    return p.list().stream().map(Object::toString).toList();
  }

  private MemoryLimiterProcessor limiter(String yaml) throws Exception {
    return limiter(yaml, 1000 * MIB);
  }

  private MemoryLimiterProcessor limiter(String yaml, long maxHeap) throws Exception {
    Runnable gc = () -> {
      gcs++;
      if (usedAfterForcedGc >= 0) {
        used = usedAfterForcedGc;
        afterGc = usedAfterForcedGc;
      }
    };
    MemoryLimiterProcessor p = new MemoryLimiterProcessor(new ComponentId("memory_limiter", ""), parse(yaml), out::add,
        new TelemetrySettings(meters), reader, gc, () -> now, () -> maxHeap);
    p.start();
    p.shutdown(Duration.ZERO); // the tests call check() themselves
    return p;
  }

  private static TracesBatch batch(int spans) {
    return TracesBatch.of(TestTraces.request(TestTraces.spans("s", spans)));
  }

  private double refusedSpans() {
    return meters.get("relay.processor.memory_limiter.refused.spans").tag("processor", "memory_limiter").counter()
        .count();
  }

  private double refusingGauge() {
    return meters.get("relay.processor.memory_limiter.refusing").tag("processor", "memory_limiter").gauge().value();
  }

  @Test
  void defaultsFollowTheCollector() throws Exception {
    MemoryLimiterConfig cfg = parse("limit_mib: 500\n");
    assertThat(cfg).isEqualTo(new MemoryLimiterConfig(Duration.ofSeconds(1), 500, 0, 0, 0));
    assertThat(cfg.limits(0)).isEqualTo(new MemoryLimiterConfig.Limits(500 * MIB, 400 * MIB));
    assertThat(parse("check_interval: 5s\nlimit_mib: 500\nspike_limit_mib: 100\n").limits(0))
        .isEqualTo(new MemoryLimiterConfig.Limits(500 * MIB, 400 * MIB));
    MemoryLimiterConfig pct = parse("limit_percentage: 80\nspike_limit_percentage: 25\n");
    assertThat(pct).isEqualTo(new MemoryLimiterConfig(Duration.ofSeconds(1), 0, 0, 80, 25));
    assertThat(pct.limits(1000 * MIB)).isEqualTo(new MemoryLimiterConfig.Limits(800 * MIB, 550 * MIB));
    assertThat(parse("limit_percentage: 50\n").limits(1000 * MIB))
        .isEqualTo(new MemoryLimiterConfig.Limits(500 * MIB, 400 * MIB));
    assertThat(new MemoryLimiterProcessorFactory().mutatesData()).isFalse();
  }

  @Test
  void eachBadSettingIsAProblemAtItsKey() {
    assertThat(problems("check_interval: 0s\nlimit_mib: 100\n"))
        .containsExactly("t.yaml:1: check_interval: must be greater than zero");
    assertThat(problems("check_interval: -1s\nlimit_mib: 100\n"))
        .containsExactly("t.yaml:1: check_interval: expected a duration such as 5s, 250ms or 1m30s, found '-1s'");
    assertThat(problems("check_interval: 0\nlimit_mib: 100\n"))
        .containsExactly("t.yaml:1: check_interval: must be greater than zero");
    assertThat(problems("check_interval: 1s\n"))
        .containsExactly("t.yaml:1: one of 'limit_mib' or 'limit_percentage' is required");
    assertThat(problems("limit_mib: 100\nlimit_percentage: 50\n"))
        .containsExactly("t.yaml:2: limit_percentage: set 'limit_mib' or 'limit_percentage', not both");
    assertThat(problems("limit_mib: 0\n"))
        .containsExactly("t.yaml:1: limit_mib: must be between 1 and 1073741824, found 0");
    assertThat(problems("limit_mib: 100\nspike_limit_mib: 100\n"))
        .containsExactly("t.yaml:2: spike_limit_mib: must be smaller than 'limit_mib' (100), found 100");
    assertThat(problems("limit_percentage: 0\n"))
        .containsExactly("t.yaml:1: limit_percentage: must be between 1 and 100, found 0");
    assertThat(problems("limit_percentage: 101\n"))
        .containsExactly("t.yaml:1: limit_percentage: must be between 1 and 100, found 101");
    assertThat(problems("limit_percentage: 80\nspike_limit_percentage: 101\n"))
        .containsExactly("t.yaml:2: spike_limit_percentage: must be between 0 and 100, found 101");
    assertThat(problems("limit_percentage: 80\nspike_limit_percentage: 80\n")).containsExactly(
        "t.yaml:2: spike_limit_percentage: must be smaller than 'limit_percentage' (80), found 80");
    assertThat(problems("limit_percentage: 80\nspike_limit_mib: 10\n")).containsExactly(
        "t.yaml:2: spike_limit_mib: goes with 'limit_mib'; with 'limit_percentage' use 'spike_limit_percentage'");
    assertThat(problems("limit_mib: 80\nspike_limit_percentage: 10\n")).containsExactly(
        "t.yaml:2: spike_limit_percentage: goes with 'limit_percentage'; with 'limit_mib' use 'spike_limit_mib'");
    assertThat(problems("limit_mib: lots\n"))
        .containsExactly("t.yaml:1: limit_mib: expected a whole number, found 'lots'");
    assertThat(problems("limit_mib: 100\nballast_size_mib: 10\n")).containsExactly(
        "t.yaml:2: ballast_size_mib: unknown key 'ballast_size_mib' (known keys here: check_interval, limit_mib,"
            + " limit_percentage, spike_limit_mib, spike_limit_percentage)");
  }

  @Test
  void belowTheSoftLimitTheSameBatchGoesOn() throws Exception {
    used = 399; // soft limit 400 MiB
    MemoryLimiterProcessor p = limiter("limit_mib: 500\n");
    TracesBatch b = batch(3);
    p.consumeTraces(b);
    assertThat(out).hasSize(1);
    assertThat(out.get(0)).isSameAs(b);
    assertThat(p.refusing()).isFalse();
    assertThat(refusedSpans()).isZero();
    assertThat(refusingGauge()).isZero();
    assertThat(gcs).isZero();
  }

  @Test
  void atTheSoftLimitBatchesAreRefusedWithARetryableErrorAndCounted() throws Exception {
    used = 10;
    MemoryLimiterProcessor p = limiter("limit_mib: 500\n");
    used = 400;
    afterGc = 400;
    p.check();
    assertThat(p.refusing()).isTrue();
    assertThat(gcs).isEqualTo(1); // entering the refusing state forces a GC first, as in the Collector
    ConsumeException e = catchThrowableOfType(ConsumeException.class, () -> p.consumeTraces(batch(3)));
    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).isEqualTo("data refused due to high memory usage");
    catchThrowableOfType(ConsumeException.class, () -> p.consumeTraces(batch(4)));
    assertThat(out).isEmpty();
    assertThat(refusedSpans()).isEqualTo(7);
    assertThat(refusingGauge()).isEqualTo(1);

    used = 380;
    p.check();
    assertThat(p.refusing()).isFalse();
    assertThat(refusingGauge()).isZero();
    TracesBatch b = batch(2);
    p.consumeTraces(b);
    assertThat(out).containsExactly(b);
    assertThat(refusedSpans()).isEqualTo(7);
  }

  @Test
  void garbageAloneDoesNotCauseRefusals() throws Exception {
    used = 10;
    MemoryLimiterProcessor p = limiter("limit_mib: 500\n");
    now = 1;
    used = 450; // above the soft limit counting garbage, below the hard limit
    afterGc = 120; // but only 120 MiB were live after the last GC
    p.check();
    assertThat(p.refusing()).isFalse();
    assertThat(gcs).isZero();
    p.consumeTraces(batch(1));
    assertThat(out).hasSize(1);
  }

  @Test
  void withoutAnyGcSeenTheRawUsageCounts() throws Exception {
    used = 10;
    MemoryLimiterProcessor p = limiter("limit_mib: 500\n");
    used = 450;
    afterGc = -1;
    p.check();
    assertThat(p.refusing()).isTrue();
  }

  @Test
  void atTheHardLimitAGcIsForcedAtMostEveryTenSeconds() throws Exception {
    used = 10;
    MemoryLimiterProcessor p = limiter("limit_mib: 500\nspike_limit_mib: 100\n");
    assertThat(gcs).isZero();

    // The forced GC frees enough: nothing is refused.
    used = 520;
    afterGc = 300;
    usedAfterForcedGc = 200;
    p.check();
    assertThat(gcs).isEqualTo(1);
    assertThat(p.refusing()).isFalse();

    // 9 s later, over the hard limit again: no GC yet; the after-GC figure (200) keeps data flowing.
    now += Duration.ofSeconds(9).toNanos();
    used = 510;
    p.check();
    assertThat(gcs).isEqualTo(1);
    assertThat(p.refusing()).isFalse();

    // 10 s after the GC: another one, which does not help, so data is refused.
    now += Duration.ofSeconds(1).toNanos();
    usedAfterForcedGc = 450;
    p.check();
    assertThat(gcs).isEqualTo(2);
    assertThat(p.refusing()).isTrue();

    // Still high 1 s later: refused, no GC.
    now += Duration.ofSeconds(1).toNanos();
    used = 505;
    p.check();
    assertThat(gcs).isEqualTo(2);
    assertThat(p.refusing()).isTrue();
  }

  @Test
  void percentagesAreOfTheMaxHeap() throws Exception {
    used = 10;
    MemoryLimiterProcessor p = limiter("limit_percentage: 50\nspike_limit_percentage: 10\n", 2000 * MIB);
    assertThat(p.limits()).isEqualTo(new MemoryLimiterConfig.Limits(1000 * MIB, 800 * MIB));
    used = 799;
    afterGc = 799;
    p.check();
    assertThat(p.refusing()).isFalse();
    used = 800;
    afterGc = 800;
    p.check();
    assertThat(p.refusing()).isTrue();
  }

  @Test
  void aRelayStartedAboveItsLimitRefusesFromTheFirstRequest() throws Exception {
    used = 900;
    afterGc = 900;
    MemoryLimiterProcessor p = limiter("limit_mib: 500\n");
    assertThat(p.refusing()).isTrue();
    assertThat(gcs).isEqualTo(1);
  }

  @Test
  void noMaxHeapMeansPercentagesCannotStart() throws Exception {
    MemoryLimiterProcessor p = new MemoryLimiterProcessor(new ComponentId("memory_limiter", "pct"),
        parse("limit_percentage: 80\n"), out::add, new TelemetrySettings(meters), reader, () -> {}, () -> 0,
        () -> Long.MAX_VALUE);
    IllegalStateException e = catchThrowableOfType(IllegalStateException.class, p::start);
    assertThat(e.getMessage()).isEqualTo("processor memory_limiter/pct: the JVM reports no maximum heap size, so "
        + "limit_percentage has nothing to take a percentage of; set -Xmx or use limit_mib");
  }

  @Test
  void theJvmReaderReadsTheHeap() {
    JvmMemoryReader jvm = new JvmMemoryReader();
    assertThat(jvm.heapUsed()).isPositive();
    System.gc();
    assertThat(jvm.heapUsedAfterLastGc()).isPositive();
  }

  @Test
  void measuringRunsOnADaemonThreadBetweenStartAndShutdown() throws Exception {
    MemoryLimiterProcessor p = new MemoryLimiterProcessor(new ComponentId("memory_limiter", "t"),
        parse("check_interval: 1h\nlimit_mib: 500\n"), out::add, new TelemetrySettings(meters), reader, () -> {},
        () -> 0, () -> 0);
    p.start();
    assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName()
        .equals("relay-memory-limiter-memory_limiter/t")).singleElement().matches(Thread::isDaemon);
    p.shutdown(Duration.ZERO);
    assertThat(p.describe()).isEqualTo("memory_limiter: limit 500 MiB, checked every PT1H");
  }

  /** Heap used for the test that runs the real measuring thread, in MiB (volatile: that thread reads it). */
  private volatile long liveUsed;

  @Test
  void atIdleNothingIsMeasuredAndTheFirstBatchStartsTheChecksAgain() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    MemoryReader counting = new MemoryReader() {
      @Override
      public long heapUsed() {
        reads.incrementAndGet();
        return liveUsed * MIB;
      }

      @Override
      public long heapUsedAfterLastGc() {
        return -1;
      }
    };
    liveUsed = 100;
    MemoryLimiterProcessor p = new MemoryLimiterProcessor(new ComponentId("memory_limiter", "idle"),
        parse("check_interval: 50ms\nlimit_mib: 500\nspike_limit_mib: 100\n"), out::add,
        new TelemetrySettings(meters), counting, () -> { }, System::nanoTime, () -> 1000 * MIB);
    p.start();
    try {
      Duration await = Duration.ofSeconds(5);
      // start's own check, then one an interval later that sees no batch: then the checks stop.
      Await.until(await, "start's check and the next", () -> reads.get() == 2);
      Thread.sleep(500); // the measured window: ten intervals
      assertThat(reads.get()).as("checks in ten idle intervals").isEqualTo(2);

      // A batch: a check at once (a batch came in its interval, so one more follows), then none.
      p.consumeTraces(batch(1));
      Await.until(await, "the batch's check and the next", () -> reads.get() == 4);
      Thread.sleep(500);
      assertThat(reads.get()).as("checks in ten idle intervals after the batch").isEqualTo(4);
      assertThat(out).hasSize(1);

      // While it refuses, it keeps measuring without any batch, so that refusing ends without traffic.
      liveUsed = 450; // the soft limit is 400 MiB
      p.consumeTraces(batch(1));
      Await.until(await, "refusing", p::refusing);
      int whileRefusing = reads.get();
      Await.until(await, "three checks with no batch", () -> reads.get() >= whileRefusing + 3);
      liveUsed = 100;
      Await.until(await, "refusing to end", () -> !p.refusing());
      int afterwards = reads.get();
      Thread.sleep(500);
      assertThat(reads.get()).as("checks in ten idle intervals once refusing ended").isEqualTo(afterwards);
    } finally {
      p.shutdown(Duration.ZERO);
    }
  }
}
