package dev.relay.receiver.otlp;

import com.google.rpc.Code;
import dev.relay.component.InFlightBudget;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * What one request holds of the process's {@link InFlightBudget}. Used by one thread at a time (the connection's
 * event loop, then the pool, then the event loop again), each handing it on through an executor or a listener.
 */
final class Reservation {
  private final InFlightBudget budget;
  private long held;

  Reservation(InFlightBudget budget) {
    this.budget = budget;
  }

  /** Reserves {@code bytes} more, or refuses the request with 503 (retry later). */
  void grow(long bytes) throws HttpRefusal {
    if (bytes <= 0) {
      return;
    }
    if (!budget.tryReserve(bytes)) {
      throw overBudget(budget);
    }
    held += bytes;
  }

  /** Whether {@code bytes} more fit; reserved if so. */
  boolean tryGrow(long bytes) {
    if (bytes <= 0) {
      return true;
    }
    if (!budget.tryReserve(bytes)) {
      return false;
    }
    held += bytes;
    return true;
  }

  long held() {
    return held;
  }

  void releaseAll() {
    if (held != 0) {
      budget.release(held);
      held = 0;
    }
  }

  static HttpRefusal overBudget(InFlightBudget budget) {
    return new HttpRefusal(HttpResponseStatus.SERVICE_UNAVAILABLE, Code.UNAVAILABLE,
        "the relay has too much request data in flight (its budget is " + budget.limit() + " bytes); retry later");
  }
}
