package dev.relay.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.relay.component.InFlightBudget;

/**
 * Gunzip on any bytes, with its size limit and an in-flight budget: the body inflates within both, or is refused
 * ({@link HttpRefusal}: 400, 413 or 503); whatever happens, the reservation gives back all it took.
 */
class GunzipFuzzTest {
  private static final long LIMIT = 64 * 1024;

  @FuzzTest(maxDuration = "10s")
  void inflate(byte[] body) {
    InFlightBudget budget = new InFlightBudget(256 * 1024);
    Reservation held = new Reservation(budget);
    try {
      byte[] out = Gunzip.inflate(body, LIMIT, held);
      assertThat((long) out.length).isLessThanOrEqualTo(LIMIT);
      assertThat(held.held()).isLessThanOrEqualTo(budget.limit());
    } catch (HttpRefusal r) {
      assertThat(r.status.code()).isIn(400, 413, 503);
    } finally {
      held.releaseAll();
    }
    assertThat(budget.used()).isZero();
  }
}
