package dev.relay.exporter.nop;

import dev.relay.component.Exporter;
import dev.relay.consumer.Capabilities;
import dev.relay.otlp.LogsBatch;
import dev.relay.otlp.MetricsBatch;
import dev.relay.otlp.TracesBatch;

/** Accepts every batch and drops it, as the Collector's nop exporter does. */
final class NopExporter implements Exporter {
  @Override
  public void consumeTraces(TracesBatch batch) {}

  @Override
  public void consumeLogs(LogsBatch batch) {}

  @Override
  public void consumeMetrics(MetricsBatch batch) {}

  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    return "nop: drops all it is given";
  }
}
