package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.service.HeapGiveBackPolicy.Collection;
import dev.relay.service.HeapGiveBackPolicy.Decision;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The give-back decision, fed with synthetic collections and a fake clock: a heap of 16 MiB old generation at start
 * that a burst grows to 48 MiB, with young collections 20 a second during the burst and one a second after it.
 */
class HeapGiveBackPolicyTest {
  private static final long MIB = 1024 * 1024;
  private static final long WINDOW = TimeUnit.SECONDS.toNanos(10);
  private static final long MIN_INTERVAL = TimeUnit.SECONDS.toNanos(60);

  private final HeapGiveBackPolicy policy = new HeapGiveBackPolicy(16 * MIB, 8 * MIB, MIN_INTERVAL);
  private long now = TimeUnit.SECONDS.toNanos(100);
  private long committed = 16 * MIB;
  private int arms;
  private int giveBacks;
  /** When the armed check is due; -1 while none is armed. */
  private long checkAt = -1;

  /** Young collections at {@code perSecond} for {@code seconds}, the old generation growing by {@code growBy} each. */
  private void young(double perSecond, int seconds, long growBy) {
    long step = (long) (1e9 / perSecond);
    long end = now + TimeUnit.SECONDS.toNanos(seconds);
    while (now + step <= end) {
      advanceTo(now + step);
      committed = Math.min(48 * MIB, committed + growBy);
      collection(new Collection(false, false, committed - 4 * MIB, committed));
    }
    advanceTo(end);
  }

  /** Time passes with no collection at all: only an armed check runs. */
  private void idle(int seconds) {
    advanceTo(now + TimeUnit.SECONDS.toNanos(seconds));
  }

  private void advanceTo(long t) {
    while (checkAt >= 0 && checkAt <= t) {
      now = checkAt;
      checkAt = -1;
      Decision d = policy.onCheck(now);
      if (d == Decision.ARM) {
        arm();
      } else if (d == Decision.GIVE_BACK) {
        giveBacks++;
        // The full collection the caller runs: it shrinks the old generation and reports as explicit.
        committed = 20 * MIB;
        collection(new Collection(true, true, 14 * MIB, committed));
      }
    }
    now = t;
  }

  private void collection(Collection c) {
    if (policy.onCollection(c, now) == Decision.ARM) {
      assertThat(checkAt).as("armed once at a time").isEqualTo(-1);
      arm();
    }
  }

  private void arm() {
    arms++;
    checkAt = now + WINDOW;
  }

  @Test
  void givesBackExactlyOnceAfterABurstHasDrained() {
    young(1, 30, 0); // a fresh relay at its normal load
    young(20, 10, MIB); // the burst grows the old generation to 48 MiB
    young(1, 120, 0); // normal load again, for two minutes
    assertThat(giveBacks).isEqualTo(1);
    assertThat(checkAt).as("nothing armed once the heap is back").isEqualTo(-1);
  }

  @Test
  void aBurstFollowedBySilenceIsGivenBackByTheArmedCheck() {
    young(20, 10, MIB);
    idle(600);
    assertThat(giveBacks).isEqualTo(1);
    assertThat(arms).as("the checks while the burst ran, then one quiet window").isLessThanOrEqualTo(3);
    assertThat(checkAt).isEqualTo(-1);
  }

  @Test
  void anIdleRelayIsNeverGivenBackNorChecked() {
    idle(3600);
    young(1, 600, 0);
    assertThat(giveBacks).isZero();
    assertThat(arms).isZero();
  }

  @Test
  void sustainedLoadThatGrewTheHeapIsNotInterrupted() {
    young(20, 10, MIB);
    young(20, 600, 0); // the same load goes on: young collections as often as when the heap grew
    assertThat(giveBacks).isZero();
    assertThat(checkAt).as("still watching").isNotEqualTo(-1);
  }

  @Test
  void fullCollectionsForcedByAllocationMeanTheLoadIsStillHigh() {
    young(20, 10, MIB);
    for (int i = 0; i < 60; i++) { // a slower rate of young collections, but the old generation fills every 5 s
      young(5, 5, 0);
      collection(new Collection(true, false, 30 * MIB, committed));
    }
    assertThat(giveBacks).isZero();
  }

  @Test
  void atMostOneGiveBackPerMinuteAcrossRepeatedBursts() {
    young(20, 10, MIB);
    young(1, 15, 0);
    assertThat(giveBacks).isEqualTo(1);
    long first = now;
    young(20, 5, MIB); // a second burst right after
    young(1, 20, 0);
    assertThat(giveBacks).as("not within a minute of the first").isEqualTo(1);
    young(1, 60, 0);
    assertThat(giveBacks).isEqualTo(2);
    assertThat(now - first).isGreaterThanOrEqualTo(MIN_INTERVAL);
  }

  @Test
  void aGiveBackThatCouldNotShrinkTheHeapIsNotRepeated() {
    HeapGiveBackPolicy stuck = new HeapGiveBackPolicy(16 * MIB, 8 * MIB, MIN_INTERVAL);
    long t = 0;
    for (int i = 0; i < 200; i++) { // the burst: 20 a second, growing to 48 MiB
      t += 50_000_000L;
      stuck.onCollection(new Collection(false, false, 40 * MIB, Math.min(48 * MIB, (17 + i) * MIB)), t);
    }
    t += WINDOW;
    assertThat(stuck.onCheck(t)).isEqualTo(Decision.ARM); // the burst was still in this window
    t += WINDOW;
    assertThat(stuck.onCheck(t)).isEqualTo(Decision.GIVE_BACK);
    // The collection left the old generation at 48 MiB (an initial heap that large, or explicit GC disabled).
    stuck.onCollection(new Collection(true, true, 14 * MIB, 48 * MIB), t + 1);
    for (int i = 0; i < 1000; i++) {
      t += 1_000_000_000L;
      assertThat(stuck.onCollection(new Collection(false, false, 20 * MIB, 48 * MIB), t)).isEqualTo(Decision.NONE);
    }
  }

  @Test
  void aFullCollectionThatShrankTheHeapByItselfNeedsNoGiveBack() {
    young(20, 10, MIB);
    committed = 18 * MIB;
    collection(new Collection(true, false, 14 * MIB, committed)); // the end of the burst: allocation forced it
    young(1, 300, 0);
    assertThat(giveBacks).isZero();
    assertThat(checkAt).isEqualTo(-1);
  }
}
