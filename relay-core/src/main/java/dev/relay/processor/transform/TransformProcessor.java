package dev.relay.processor.transform;

import dev.relay.consumer.Capabilities;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.TracesBatch;
import dev.relay.processor.OttlErrors;
import dev.relay.processor.OttlGroup;
import dev.relay.otlp.EditableTraces;

/**
 * Runs the statement groups in order on each batch opened for editing ({@link EditableTraces}), and hands on the
 * re-encoded request; the original batch is never changed. Spans stay in the received bytes unless a statement
 * changes more than their attributes.
 */
final class TransformProcessor implements TracesProcessor {
  private final TransformConfig config;
  private final TracesConsumer next;
  private final OttlErrors errors;

  TransformProcessor(ComponentId id, TransformConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    this.config = config;
    this.next = next;
    this.errors = new OttlErrors(id, telemetry.meterRegistry());
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    if (config.groups().isEmpty()) {
      next.consumeTraces(batch);
      return;
    }
    EditableTraces req = batch.takeOpened();
    if (req == null) {
      req = EditableTraces.open(batch.bytes());
    }
    for (OttlGroup<EditableTraces, ?> group : config.groups()) {
      group.run(req, errors);
    }
    next.consumeTraces(TracesBatch.fromEncoded(req.encode(), req.spanCount()));
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    int statements = config.groups().stream().mapToInt(OttlGroup::size).sum();
    return "transform: " + statements + " statement" + (statements == 1 ? "" : "s") + " in "
        + config.groups().size() + " group" + (config.groups().size() == 1 ? "" : "s");
  }
}
