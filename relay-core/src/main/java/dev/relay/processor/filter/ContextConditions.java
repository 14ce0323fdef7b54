package dev.relay.processor.filter;

import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.ottl.OttlException;
import dev.relay.processor.TraceContextKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code trace_conditions}, {@code log_conditions} and {@code metric_conditions}: a list of conditions, each in the
 * context its path prefixes name (the innermost one), or groups {@code {context, conditions}}. Each condition lands
 * in the list of the context it runs in. Relay evaluates a resource or scope condition once per item of the signal
 * (a span, log record or metric), where it reads the same resource or scope: dropping every item of a resource is
 * what dropping the resource does.
 */
final class ContextConditions {
  /** Where each context's conditions go: by context name, e.g. span, spanevent; resource and scope included. */
  private final Map<String, List<ConfigNode>> byContext;
  private final List<String> order;

  private ContextConditions(Map<String, List<ConfigNode>> byContext, List<String> order) {
    this.byContext = byContext;
    this.order = order;
  }

  /**
   * Sorts the entries of {@code key} by context. {@code contexts} are the signal's, innermost last, e.g. resource,
   * scope, span, spanevent; {@code aliases} maps other spellings to them (instrumentation_scope to scope).
   */
  static ContextConditions read(ConfigMap cfg, String key, List<String> contexts, Map<String, String> aliases) {
    Map<String, List<ConfigNode>> by = new java.util.LinkedHashMap<>();
    contexts.forEach(c -> by.put(c, new ArrayList<>()));
    for (ConfigNode item : cfg.list(key)) {
      if (item.isMap()) {
        ConfigMap group = item.asMap();
        String context = group.string("context", null);
        List<ConfigNode> conditions = group.list("conditions");
        group.rejectUnknown();
        if (conditions.isEmpty()) {
          group.problem(null, "a condition group needs 'conditions'");
          continue;
        }
        String c = context == null ? null : aliases.getOrDefault(context, context);
        if (context != null && !by.containsKey(c)) {
          group.problem("context", "'" + context + "' is not one of " + String.join(", ", contexts));
          continue;
        }
        for (ConfigNode n : conditions) {
          String k = c != null ? c : infer(n, contexts, aliases);
          if (k != null) {
            by.get(k).add(n);
          }
        }
        continue;
      }
      String k = infer(item, contexts, aliases);
      if (k != null) {
        by.get(k).add(item);
      }
    }
    return new ContextConditions(by, contexts);
  }

  /** The innermost context the condition's path prefixes name; null (and a fault) when they name none. */
  private static String infer(ConfigNode n, List<String> contexts, Map<String, String> aliases) {
    String text = n.asString();
    if (text == null) {
      return null;
    }
    int innermost = -1;
    try {
      for (String head : TraceContextKind.pathHeads(text, true)) {
        innermost = Math.max(innermost, contexts.indexOf(aliases.getOrDefault(head, head)));
      }
    } catch (OttlException e) {
      n.problem("invalid condition: " + e.getMessage());
      return null;
    }
    if (innermost < 0) {
      n.problem("invalid condition: cannot tell which context this runs in: prefix its paths ("
          + String.join(", ", order(contexts)) + ") or put it in a group with a context");
      return null;
    }
    return contexts.get(innermost);
  }

  private static List<String> order(List<String> contexts) {
    return contexts.stream().map(c -> c + ".…").toList();
  }

  /** The conditions of {@code context}. */
  List<ConfigNode> of(String context) {
    return byContext.getOrDefault(context, List.of());
  }

  /** The conditions of all of {@code contexts}, in that order. */
  List<ConfigNode> of(String... contexts) {
    List<ConfigNode> out = new ArrayList<>();
    for (String c : contexts) {
      out.addAll(of(c));
    }
    return out;
  }

  List<String> contexts() {
    return order;
  }
}
