package dev.relay.pipeline;

import dev.relay.component.PipelineId;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Batch;
import java.util.Arrays;

/**
 * Where a pipeline's data can be watched: between its last processor and its exporters, so a tap sees what the
 * exporters get. With no tap attached it costs one volatile read per batch.
 */
public final class TapPoint {
  /** Receives every batch that passes while it is attached. Called on receiver threads; must not block. */
  public interface Tap {
    void offer(Batch batch);
  }

  private static final Tap[] NONE = new Tap[0];
  private final PipelineId pipeline;
  private volatile Tap[] taps = NONE;

  TapPoint(PipelineId pipeline) {
    this.pipeline = pipeline;
  }

  public PipelineId pipeline() {
    return pipeline;
  }

  public synchronized void attach(Tap tap) {
    Tap[] next = Arrays.copyOf(taps, taps.length + 1);
    next[taps.length] = tap;
    taps = next;
  }

  public synchronized void detach(Tap tap) {
    taps = Arrays.stream(taps).filter(t -> t != tap).toArray(Tap[]::new);
  }

  public int attached() {
    return taps.length;
  }

  /** {@code exporters} behind this tap point: what a pipeline's last processor feeds. */
  TracesConsumer traces(TracesConsumer exporters) {
    return batch -> {
      offer(batch);
      exporters.consumeTraces(batch);
    };
  }

  LogsConsumer logs(LogsConsumer exporters) {
    return batch -> {
      offer(batch);
      exporters.consumeLogs(batch);
    };
  }

  MetricsConsumer metrics(MetricsConsumer exporters) {
    return batch -> {
      offer(batch);
      exporters.consumeMetrics(batch);
    };
  }

  private void offer(Batch batch) {
    Tap[] current = taps; // one volatile read: nothing more while no tap is attached
    for (Tap t : current) {
      try {
        t.offer(batch);
      } catch (RuntimeException e) {
        // A watcher's failure must never cost the pipeline its data.
        detach(t);
      }
    }
  }
}
