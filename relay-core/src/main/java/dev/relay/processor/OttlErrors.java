package dev.relay.processor;

import dev.relay.component.ComponentId;
import dev.relay.consumer.ConsumeException;
import dev.relay.ottl.Condition;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.telemetry.ThrottlingLogger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies a processor's {@link ErrorMode} to a statement or condition that failed on one item. */
public final class OttlErrors {
  private static final Logger LOG = LoggerFactory.getLogger(OttlErrors.class);

  private final ComponentId id;
  private final ThrottlingLogger throttled = new ThrottlingLogger(LOG);
  private final Counter errors;

  public OttlErrors(ComponentId id, MeterRegistry registry) {
    this.id = id;
    this.errors = Counter.builder("relay.processor.ottl.errors").tag("processor", id.toString()).register(registry);
  }

  /**
   * Handles one failure: returns to let the caller go on (ignore, silent), or throws a permanent
   * {@link ConsumeException} that fails the request (propagate).
   */
  public void handle(ErrorMode mode, String what, OttlRuntimeException e) {
    errors.increment();
    switch (mode) {
      case PROPAGATE -> throw ConsumeException.permanent(id + ": " + what + " failed: " + e.getMessage());
      case IGNORE -> throttled.warn(id + ": " + what + " failed, going on: " + e.getMessage());
      case SILENT -> {
        // counted only
      }
    }
  }

  /**
   * Whether any of {@code conditions} (ORed, as a filter's) holds for {@code ctx}; a condition that fails is handled
   * by {@code mode} and counts as not holding. {@code texts} are the conditions as written, for messages.
   */
  public <T> boolean any(List<Condition<T>> conditions, List<String> texts, T ctx, ErrorMode mode) {
    for (int i = 0, n = conditions.size(); i < n; i++) {
      try {
        if (conditions.get(i).test(ctx)) {
          return true;
        }
      } catch (OttlRuntimeException e) {
        handle(mode, "condition '" + texts.get(i) + "'", e);
      }
    }
    return false;
  }
}
