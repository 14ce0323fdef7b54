package dev.relay.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RequestContextTest {
  @Test
  void withoutAReceiverTheContextIsEmpty() {
    assertThat(RequestContext.current()).isSameAs(RequestContext.EMPTY);
    assertThat(RequestContext.EMPTY.timeLeftNanos()).isEqualTo(Long.MAX_VALUE);
    assertThat(RequestContext.EMPTY.isCancelled()).isFalse();
  }

  @Test
  void isCurrentWithinItsScopeOnlyAndScopesNest() {
    RequestContext outer = RequestContext.EMPTY.withDeadlineIn(TimeUnit.SECONDS.toNanos(10));
    RequestContext inner = RequestContext.EMPTY.withDeadlineIn(TimeUnit.SECONDS.toNanos(1));
    try (RequestContext.Scope a = outer.makeCurrent()) {
      assertThat(RequestContext.current()).isSameAs(outer);
      try (RequestContext.Scope b = inner.makeCurrent()) {
        assertThat(RequestContext.current()).isSameAs(inner);
      }
      assertThat(RequestContext.current()).isSameAs(outer);
    }
    assertThat(RequestContext.current()).isSameAs(RequestContext.EMPTY);
  }

  @Test
  void isNotSeenByOtherThreads() throws Exception {
    AtomicReference<RequestContext> seen = new AtomicReference<>();
    try (RequestContext.Scope a = RequestContext.EMPTY.withDeadlineIn(1).makeCurrent()) {
      Thread t = new Thread(() -> seen.set(RequestContext.current()));
      t.start();
      t.join();
    }
    assertThat(seen.get()).isSameAs(RequestContext.EMPTY);
  }

  @Test
  void tellsTheTimeLeftAndWhetherTheCallerGaveUp() {
    AtomicBoolean gone = new AtomicBoolean();
    RequestContext c = RequestContext.EMPTY.withCancellation(gone::get).withDeadlineIn(TimeUnit.SECONDS.toNanos(10));
    assertThat(c.timeLeftNanos()).isBetween(0L, TimeUnit.SECONDS.toNanos(10));
    assertThat(c.isCancelled()).isFalse();
    gone.set(true);
    assertThat(c.isCancelled()).isTrue();
    assertThat(RequestContext.EMPTY.withDeadlineIn(-5).timeLeftNanos()).isNegative();
  }

  /** The client's metadata: keys in any case (header names), values in order, kept by the other withers. */
  @Test
  void carriesTheClientsMetadata() {
    RequestContext c = RequestContext.EMPTY.withMetadata(Map.of("X-Tenant", List.of("a"), "x-tenant", List.of("b"),
        "zone", List.of("z1", "z2")));
    assertThat(c.metadata("x-tenant")).containsExactlyInAnyOrder("a", "b");
    assertThat(c.metadata("ZONE")).containsExactly("z1", "z2");
    assertThat(c.metadata("absent")).isEmpty();
    assertThat(c.withDeadlineIn(1).withCancellation(() -> false).metadata("zone")).containsExactly("z1", "z2");
    assertThat(RequestContext.EMPTY.metadata("zone")).isEmpty();
  }
}
