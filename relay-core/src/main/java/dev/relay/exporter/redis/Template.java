package dev.relay.exporter.redis;

import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Text with {@code {{ path }}} placeholders, e.g. {@code luthien:call:{{ span.attributes["luthien.call_id"] }}},
 * compiled once. Rendering yields null when a placeholder has no value, so no message goes to a half-named channel,
 * and {@link #INVALID} when a value would make a name a subscriber's pattern could not tell apart ({@link
 * ChannelNames}) or the whole name is longer than the limit.
 */
final class Template<C> {
  /** What {@link #render} returns for a name that must not be used; compared by identity. */
  static final String INVALID = new String("<invalid channel name>");

  private final String[] literals;
  private final List<Getter<C>> values;
  private final String constant;
  private final int literalBytes;
  private final int maxBytes;

  private Template(String[] literals, List<Getter<C>> values, int maxBytes) {
    this.literals = literals;
    this.values = values;
    this.constant = values.isEmpty() ? literals[0] : null;
    int bytes = 0;
    for (String l : literals) {
      bytes += l.getBytes(StandardCharsets.UTF_8).length;
    }
    this.literalBytes = bytes;
    this.maxBytes = maxBytes;
  }

  /**
   * Compiles {@code text}; its literal parts must themselves be valid in a name ({@link ChannelNames#fault}), and a
   * rendered name may be at most {@code maxBytes} long in UTF-8.
   */
  static <C> Template<C> compile(String text, Compiler<C> compiler, int maxBytes) throws OttlException {
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
    for (String l : literals) {
      String fault = ChannelNames.fault(l);
      if (fault != null) {
        throw new OttlException(fault);
      }
    }
    Template<C> t = new Template<>(literals.toArray(new String[0]), values, maxBytes);
    if (t.literalBytes > maxBytes) {
      throw new OttlException("the name is " + t.literalBytes + " bytes long without its placeholders; names may be at most "
          + maxBytes + " bytes (max_name_bytes)");
    }
    return t;
  }

  /**
   * The Redis glob that matches every name this renders: the literal parts with {@code *} for each placeholder. No
   * part or value can hold a glob character, so it matches nothing outside the template's namespace.
   */
  String glob() {
    return String.join("*", literals);
  }

  /**
   * The rendered text; null when a placeholder's value is nil or not printable; {@link #INVALID} when a value holds
   * a character {@link ChannelNames} refuses or the name would be longer than the limit.
   */
  String render(C ctx) {
    if (constant != null) {
      return constant;
    }
    StringBuilder sb = new StringBuilder(64);
    int bytes = literalBytes;
    for (int k = 0; k < values.size(); k++) {
      sb.append(literals[k]);
      String v = Values.stringLike(values.get(k).get(ctx));
      if (v == null) {
        return null;
      }
      int n = ChannelNames.valueBytes(v, maxBytes - bytes);
      if (n < 0) {
        return INVALID;
      }
      bytes += n;
      sb.append(v);
    }
    return sb.append(literals[literals.length - 1]).toString();
  }
}
