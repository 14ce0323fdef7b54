package dev.relay.processor.filter;

import dev.relay.component.ComponentId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.consumer.TracesConsumer;
import dev.relay.ottl.Condition;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import dev.relay.ottl.context.SpanPaths;
import dev.relay.processor.ErrorMode;
import dev.relay.processor.OttlGroup;
import java.util.ArrayList;
import java.util.List;

/** The {@code filter} type. */
public final class FilterProcessorFactory implements ProcessorFactory<FilterConfig> {
  @Override
  public String type() {
    return "filter";
  }

  @Override
  public FilterConfig parseConfig(ConfigMap cfg) {
    ErrorMode mode = ErrorMode.read(cfg, ErrorMode.PROPAGATE);
    ConfigMap traces = cfg.map("traces");
    List<String> spanTexts = new ArrayList<>();
    List<Condition<SpanContext>> span =
        OttlGroup.compileConditions(traces.list("span"), SpanPaths.compiler(), spanTexts);
    List<String> eventTexts = new ArrayList<>();
    List<Condition<SpanEventContext>> events =
        OttlGroup.compileConditions(traces.list("spanevent"), SpanEventPaths.compiler(), eventTexts);
    traces.rejectUnknown();
    for (String other : List.of("metrics", "logs")) {
      if (cfg.has(other)) {
        cfg.problem(other, other + " filtering is not supported yet: this relay carries traces");
        cfg.get(other);
      }
    }
    cfg.rejectUnknown();
    return new FilterConfig(mode, span, spanTexts, events, eventTexts);
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, FilterConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new FilterProcessor(id, config, next, telemetry);
  }
}
