package dev.relay.processor.filter;

import dev.relay.component.ComponentId;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.consumer.TracesConsumer;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Condition;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import dev.relay.ottl.context.SpanPaths;
import dev.relay.processor.ErrorMode;
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
    List<Condition<SpanContext>> span = compile(traces.list("span"), SpanPaths.compiler(), spanTexts);
    List<String> eventTexts = new ArrayList<>();
    List<Condition<SpanEventContext>> events =
        compile(traces.list("spanevent"), SpanEventPaths.compiler(), eventTexts);
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

  private static <T> List<Condition<T>> compile(List<ConfigNode> nodes, Compiler<T> compiler, List<String> texts) {
    List<Condition<T>> out = new ArrayList<>();
    for (ConfigNode n : nodes) {
      String text = n.asString();
      if (text == null) {
        continue;
      }
      try {
        out.add(compiler.condition(text));
        texts.add(text);
      } catch (OttlException e) {
        n.problem("invalid condition: " + e.getMessage());
      }
    }
    return out;
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, FilterConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new FilterProcessor(id, config, next, telemetry);
  }
}
