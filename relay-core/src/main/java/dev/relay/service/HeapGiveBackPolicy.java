package dev.relay.service;

/**
 * When to run one full collection so that the collector can shrink a heap that a burst grew: the decision alone,
 * fed with the collections the JVM reports and a clock, so that it can be tested without a JVM's collector.
 *
 * <p>The old generation is "grown" when its committed size is at least {@code margin} above its floor: what it was
 * at start, or after the last full collection this policy asked for (so a give-back that could not shrink the heap
 * is not repeated). The used size after a young collection is no help here: with the serial collector it includes
 * every dead object promoted since the last full collection, so it says nothing about what a full one would free.
 *
 * <p>Once grown, a check is armed: the caller runs {@link #onCheck} one window later (one-shot; nothing is armed
 * while the heap is not grown, so an idle relay never wakes for this). The check gives back only when the load that grew the heap is
 * over: in its window the old generation did not grow, no full collection was forced by allocation, and young
 * collections came at most half as often as when the old generation last grew. Otherwise, and while the last
 * give-back is less than {@code minInterval} ago, it arms again. Thread-safe; called at most a few dozen times a
 * second (once per collection), never on the data path.
 */
final class HeapGiveBackPolicy {
  /** What the JVM reported about one collection: its kind, and the old generation's sizes after it, in bytes. */
  record Collection(boolean major, boolean explicit, long oldUsedAfter, long oldCommittedAfter) {}

  /** What the caller does next. */
  enum Decision {
    /** Nothing. */
    NONE,
    /** Run {@link #onCheck} one window from now. */
    ARM,
    /** Run one full collection now ({@code System.gc()}); its notification comes back as an explicit one. */
    GIVE_BACK
  }

  /** Young collections remembered to measure their rate when the old generation grows. */
  private static final int RATE_SAMPLES = 8;

  private final long margin;
  private final long minIntervalNanos;
  private final long[] youngEnds = new long[RATE_SAMPLES];
  private int youngSeen;
  private long floor;
  private long committed;
  private boolean armed;
  private long windowStart;
  private int youngInWindow;
  private boolean disturbedInWindow;
  /** Young collections a second when the old generation last grew; 0 before it ever did. */
  private double growthRate;
  private boolean givenBack;
  private long lastGiveBack;

  HeapGiveBackPolicy(long initialOldCommitted, long margin, long minIntervalNanos) {
    this.floor = initialOldCommitted;
    this.committed = initialOldCommitted;
    this.margin = margin;
    this.minIntervalNanos = minIntervalNanos;
  }

  /** After each collection that ended at {@code now}: ARM when a check is to be armed, else NONE. */
  synchronized Decision onCollection(Collection c, long now) {
    if (c.explicit() && c.major()) {
      // Ours, or someone's System.gc() or jcmd GC.run: what it left is the most a give-back can reach for now.
      floor = c.oldCommittedAfter();
      committed = c.oldCommittedAfter();
      return Decision.NONE;
    }
    if (!c.major()) {
      youngEnds[youngSeen++ % RATE_SAMPLES] = now;
      youngInWindow++;
    }
    if (c.oldCommittedAfter() > committed) {
      disturbedInWindow = true;
      growthRate = Math.max(growthRate, youngRate(now));
    }
    if (c.major()) {
      disturbedInWindow = true; // allocation forced a full collection: the load is still high
      floor = Math.min(floor, c.oldCommittedAfter()); // a full collection that shrank the heap lowers the floor
    }
    committed = c.oldCommittedAfter();
    if (!armed && grown()) {
      arm(now);
      return Decision.ARM;
    }
    return Decision.NONE;
  }

  /** The armed check is due at {@code now}: GIVE_BACK, ARM (check again one window on) or NONE (disarmed). */
  synchronized Decision onCheck(long now) {
    armed = false;
    if (!grown()) {
      return Decision.NONE;
    }
    double rate = youngInWindow / Math.max(1e-9, (now - windowStart) / 1e9);
    boolean calm = !disturbedInWindow && rate * 2 <= growthRate;
    if (!calm || (givenBack && now - lastGiveBack < minIntervalNanos)) {
      arm(now);
      return Decision.ARM;
    }
    givenBack = true;
    lastGiveBack = now;
    floor = committed; // until the collection reports what it left: a give-back that is disabled is not repeated
    growthRate = 0;
    return Decision.GIVE_BACK;
  }

  private boolean grown() {
    return committed - floor >= margin;
  }

  private void arm(long now) {
    armed = true;
    windowStart = now;
    youngInWindow = 0;
    disturbedInWindow = false;
  }

  /** Young collections a second over the last few, at {@code now}; 0 with fewer than two. */
  private double youngRate(long now) {
    int n = Math.min(youngSeen, RATE_SAMPLES);
    if (n < 2) {
      return 0;
    }
    long oldest = youngEnds[(youngSeen - n) % RATE_SAMPLES];
    return (n - 1) / Math.max(1e-9, (now - oldest) / 1e9);
  }
}
