package dev.relay.processor.resourcedetection;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code env} detector: {@code OTEL_RESOURCE_ATTRIBUTES} (or, when that is empty, the older
 * {@code OTEL_RESOURCE}) as {@code key=value} pairs separated by commas, spaces around keys and values ignored,
 * values percent-decoded ({@code +} is a space), as the Collector reads it. A malformed variable gives nothing.
 */
final class EnvDetector implements Detector {
  static final String VARIABLE = "OTEL_RESOURCE_ATTRIBUTES";
  static final String OLD_VARIABLE = "OTEL_RESOURCE";
  /** The Collector's pattern; {@code [\t\n\f\r ]} is Go's {@code \s}, {@code \z} its {@code $}. */
  private static final Pattern LABEL = Pattern.compile(
      "[\\t\\n\\f\\r ]*(\\p{ASCII}{1,256}?)[\\t\\n\\f\\r ]*=[\\t\\n\\f\\r ]*(\\p{ASCII}{0,256}?)[\\t\\n\\f\\r ]*(?:,|\\z)");

  private final Function<String, String> environment;

  EnvDetector(Function<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public String name() {
    return "env";
  }

  @Override
  public Map<String, String> detect() {
    String labels = trimmed(VARIABLE);
    if (labels.isEmpty()) {
      labels = trimmed(OLD_VARIABLE);
    }
    return labels.isEmpty() ? Map.of() : parse(labels);
  }

  private String trimmed(String name) {
    String v = environment.apply(name);
    return v == null ? "" : v.strip();
  }

  static Map<String, String> parse(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = LABEL.matcher(s);
    int previous = 0;
    boolean any = false;
    while (m.find()) {
      any = true;
      if (m.start() != previous) {
        throw new IllegalArgumentException(
            "invalid resource format, invalid text: \"" + s.substring(previous, m.start()) + "\"");
      }
      String value;
      try {
        value = URLDecoder.decode(m.group(2), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "invalid resource format in attribute: \"" + m.group() + "\", err: " + e.getMessage());
      }
      out.put(m.group(1), value);
      previous = m.end();
    }
    if (!any) {
      throw new IllegalArgumentException("invalid resource format: \"" + s + "\"");
    }
    if (previous != s.length()) {
      throw new IllegalArgumentException("invalid resource format, invalid text: \"" + s.substring(previous) + "\"");
    }
    return out;
  }
}
