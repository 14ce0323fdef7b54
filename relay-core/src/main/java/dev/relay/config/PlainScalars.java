package dev.relay.config;

import java.util.regex.Pattern;

/**
 * The type of a plain (unquoted) YAML scalar by its text, with the YAML 1.2 core schema's rules that the
 * Collector's YAML library follows: {@code true}/{@code false} in three spellings, decimal, {@code 0x} and
 * {@code 0o} integers, decimal floats with {@code .inf} and {@code .nan}, and {@code null}/{@code ~}.
 */
final class PlainScalars {
  private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

  private PlainScalars() {}

  static Object value(String s) {
    switch (s) {
      case "true", "True", "TRUE":
        return Boolean.TRUE;
      case "false", "False", "FALSE":
        return Boolean.FALSE;
      case "null", "Null", "NULL", "~":
        return null;
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return Double.POSITIVE_INFINITY;
      case "-.inf", "-.Inf", "-.INF":
        return Double.NEGATIVE_INFINITY;
      case ".nan", ".NaN", ".NAN":
        return Double.NaN;
      default:
        break;
    }
    try {
      if (DECIMAL.matcher(s).matches()) {
        return Long.parseLong(s);
      }
      if (s.startsWith("0x") && s.length() > 2) {
        return Long.parseLong(s.substring(2), 16);
      }
      if (s.startsWith("0o") && s.length() > 2) {
        return Long.parseLong(s.substring(2), 8);
      }
    } catch (NumberFormatException e) {
      return s; // out of range, or not hex/octal digits: text
    }
    if (FLOAT.matcher(s).matches()) {
      return Double.parseDouble(s);
    }
    return s;
  }
}
