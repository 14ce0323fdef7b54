package dev.relay.exporter.redis;

import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Values;
import java.util.ArrayList;
import java.util.List;

/**
 * Text with {@code {{ path }}} placeholders, e.g. {@code luthien:call:{{ span.attributes["luthien.call_id"] }}},
 * compiled once. Rendering yields null when a placeholder has no value, so no message goes to a half-named channel.
 */
final class Template<C> {
  private final String[] literals;
  private final List<Getter<C>> values;
  private final String constant;

  private Template(String[] literals, List<Getter<C>> values) {
    this.literals = literals;
    this.values = values;
    this.constant = values.isEmpty() ? literals[0] : null;
  }

  static <C> Template<C> compile(String text, Compiler<C> compiler) throws OttlException {
    List<String> literals = new ArrayList<>();
    List<Getter<C>> values = new ArrayList<>();
    int i = 0;
    while (true) {
      int open = text.indexOf("{{", i);
      if (open < 0) {
        literals.add(text.substring(i));
        break;
      }
      int close = text.indexOf("}}", open + 2);
      if (close < 0) {
        throw new OttlException("'{{' at position " + (open + 1) + " has no closing '}}'");
      }
      String expr = text.substring(open + 2, close).trim();
      if (expr.isEmpty()) {
        throw new OttlException("empty placeholder '{{}}' at position " + (open + 1));
      }
      literals.add(text.substring(i, open));
      try {
        values.add(compiler.value(expr));
      } catch (OttlException e) {
        throw new OttlException("in placeholder {{ " + expr + " }}: " + e.getMessage());
      }
      i = close + 2;
    }
    return new Template<>(literals.toArray(new String[0]), values);
  }

  /** The rendered text, or null when a placeholder's value is nil or not printable. */
  String render(C ctx) {
    if (constant != null) {
      return constant;
    }
    StringBuilder sb = new StringBuilder(64);
    for (int k = 0; k < values.size(); k++) {
      sb.append(literals[k]);
      String v = Values.stringLike(values.get(k).get(ctx));
      if (v == null) {
        return null;
      }
      sb.append(v);
    }
    return sb.append(literals[literals.length - 1]).toString();
  }
}
