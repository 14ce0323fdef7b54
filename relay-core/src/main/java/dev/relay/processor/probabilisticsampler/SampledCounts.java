package dev.relay.processor.probabilisticsampler;

import dev.relay.component.ComponentId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Collector's {@code count_traces_sampled} / {@code count_logs_sampled}: items by {@code policy} and
 * {@code sampled}. A batch counts into a {@code long[]} of its own and adds it once, so that no meter is touched
 * per item.
 */
final class SampledCounts {
  private final Counter[] counters = new Counter[Policy.values().length * 2];

  SampledCounts(String name, ComponentId id, String fromAttribute, MeterRegistry registry) {
    for (Policy p : Policy.values()) {
      if (p == Policy.ATTRIBUTE && fromAttribute.isEmpty()) {
        continue;
      }
      for (boolean sampled : new boolean[] {false, true}) {
        counters[slot(p, sampled)] = Counter.builder(name).tag("processor", id.toString())
            .tag("policy", p.label(fromAttribute)).tag("sampled", Boolean.toString(sampled)).register(registry);
      }
    }
  }

  long[] batch() {
    return new long[counters.length];
  }

  static int slot(Policy p, boolean sampled) {
    return p.ordinal() * 2 + (sampled ? 1 : 0);
  }

  void add(long[] batch) {
    for (int i = 0; i < batch.length; i++) {
      if (batch[i] > 0) {
        counters[i].increment(batch[i]);
      }
    }
  }
}
