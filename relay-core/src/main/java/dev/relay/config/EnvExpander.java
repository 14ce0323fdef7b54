package dev.relay.config;

import java.util.function.Function;

/**
 * Expands {@code ${env:VAR}} and {@code ${env:VAR:-default}} in a scalar, as the Collector does.
 * {@code $$} stands for a literal {@code $}. A variable that is unset and has no default is a fault.
 */
final class EnvExpander {
  private final Function<String, String> env;

  EnvExpander(Function<String, String> env) {
    this.env = env;
  }

  /** The environment the references read: name to value, null when unset. */
  Function<String, String> env() {
    return env;
  }

  /** Returns the expanded text, or throws {@link IllegalArgumentException} with a message naming the fault. */
  String expand(String text) {
    if (text.indexOf('$') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
        continue;
      }
      if (next != '{') {
        out.append(c);
        i++;
        continue;
      }
      int close = text.indexOf('}', i + 2);
      if (close < 0) {
        throw new IllegalArgumentException("unterminated '${' in \"" + text + "\"");
      }
      String ref = text.substring(i + 2, close);
      out.append(resolve(ref));
      i = close + 1;
    }
    return out.toString();
  }

  private String resolve(String ref) {
    if (!ref.startsWith("env:")) {
      throw new IllegalArgumentException(
          "unsupported reference '${" + ref + "}': only ${env:VAR} and ${env:VAR:-default} are supported");
    }
    String body = ref.substring(4);
    String name = body;
    String fallback = null;
    int sep = body.indexOf(":-");
    if (sep >= 0) {
      name = body.substring(0, sep);
      fallback = body.substring(sep + 2);
    }
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("invalid environment variable name '" + name + "' in '${" + ref + "}'");
    }
    String value = env.apply(name);
    if (value == null || (value.isEmpty() && fallback != null)) {
      if (fallback == null) {
        throw new IllegalArgumentException("environment variable " + name + " is not set and '${" + ref
            + "}' has no default (write ${env:" + name + ":-default})");
      }
      return fallback;
    }
    return value;
  }
}
