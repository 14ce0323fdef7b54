package dev.relay.processor.attributes;

import dev.relay.consumer.Capabilities;
import dev.relay.attraction.AttributeEditor;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.EditableTraces;
import dev.relay.otlp.EditableTraces.ResourceGroup;
import dev.relay.otlp.EditableTraces.ScopeGroup;
import dev.relay.otlp.TracesBatch;
import dev.relay.otlp.WireSpan;

/**
 * Applies the actions to the attributes of each span that {@code include}/{@code exclude} let through. Spans stay
 * in the received bytes: matching reads their name, kind and attributes from there, and a changed span is copied
 * with only its changed attribute entries written anew. A batch in which nothing changed goes on as it was.
 */
final class AttributesTracesProcessor implements TracesProcessor {
  private final AttributesConfig config;
  private final TracesConsumer next;

  AttributesTracesProcessor(AttributesConfig config, TracesConsumer next) {
    this.config = config;
    this.next = next;
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    EditableTraces req = batch.takeOpened();
    if (req == null) {
      req = EditableTraces.open(batch.bytes());
    }
    MatchProperties include = config.include();
    MatchProperties exclude = config.exclude();
    AttributeEditor.Spans attrs = AttributeEditor.spans();
    for (ResourceGroup rg : req.resources()) {
      for (ScopeGroup sg : rg.scopes()) {
        for (WireSpan span : sg.spans()) {
          if (include != null && !include.matchesSpan(rg.resource(), sg.scope(), span)
              || exclude != null && exclude.matchesSpan(rg.resource(), sg.scope(), span)) {
            continue;
          }
          config.actions().apply(attrs.on(span));
        }
      }
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
    return "attributes: " + n + " action" + (n == 1 ? "" : "s")
        + (config.include() != null ? ", include" : "") + (config.exclude() != null ? ", exclude" : "");
  }
}
