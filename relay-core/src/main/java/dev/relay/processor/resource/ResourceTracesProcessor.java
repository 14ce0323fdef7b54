package dev.relay.processor.resource;

import dev.relay.consumer.Capabilities;
import dev.relay.attraction.AttributeEditor;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.EditableTraces;
import dev.relay.otlp.TracesBatch;

/**
 * Applies the actions to the resource of each group of spans. The request is opened without decoding its spans
 * (they are copied as they came), and a batch whose resources did not change goes on as it was.
 */
final class ResourceTracesProcessor implements TracesProcessor {
  private final ResourceConfig config;
  private final TracesConsumer next;

  ResourceTracesProcessor(ResourceConfig config, TracesConsumer next) {
    this.config = config;
    this.next = next;
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    EditableTraces req = batch.takeOpened();
    if (req == null) {
      req = EditableTraces.open(batch.bytes());
    }
    AttributeEditor.Resources attrs = AttributeEditor.resources();
    for (EditableTraces.ResourceGroup rg : req.resources()) {
      config.actions().apply(attrs.on(rg.resource()));
    }
    if (attrs.changed()) {
      next.consumeTraces(TracesBatch.fromEncoded(req.encode(), req.spanCount()));
    } else {
      next.consumeTraces(batch.withOpened(req));
    }
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    int n = config.actions().size();
    return "resource: " + n + " action" + (n == 1 ? "" : "s");
  }
}
