package dev.relay.processor.probabilisticsampler;

import java.util.ArrayList;
import java.util.List;

/**
 * A span's W3C {@code tracestate}, parsed as the Collector's {@code pkg/sampling} parses it: the OpenTelemetry
 * entry ({@code ot=rv:…;th:…}) is read into its r-value and t-value, every other entry (and every other key inside
 * {@code ot}) is kept as it came. {@link #serialize()} writes {@code ot} first, then the other entries in their
 * order. A malformed value leaves {@link #error()} set and what was read before the fault.
 */
final class TraceState implements SamplingCarrier {
  private static final int MAX_W3C_LENGTH = 1024;
  private static final int MAX_MEMBERS = 32;
  private static final int MAX_KEY_LENGTH = 256;
  private static final int MAX_TENANT_LENGTH = 241;
  private static final int MAX_SYSTEM_LENGTH = 14;
  private static final int MAX_OTEL_LENGTH = 256;
  private static final String SIZE = "invalid tracestate size";
  private static final String SYNTAX = "invalid syntax";

  private String rValue = "";
  private long randomness;
  private String tValue = "";
  private long threshold;
  private List<String[]> otelOthers = new ArrayList<>(0);
  private final List<String[]> others = new ArrayList<>(0);
  private String error;

  private TraceState() {}

  static TraceState parse(String input) {
    TraceState ts = new TraceState();
    if (input.isEmpty()) {
      return ts;
    }
    if (input.length() > MAX_W3C_LENGTH) {
      ts.error = SIZE;
      return ts;
    }
    if (!W3cSyntax.valid(input)) {
      ts.error = SYNTAX;
      return ts;
    }
    int items = 0;
    int start = 0;
    while (start < input.length()) {
      items++;
      if (items >= MAX_MEMBERS) {
        // As the Collector counts: the 32nd member (empty ones included) is already too many.
        ts.fail(SIZE);
        return ts;
      }
      int comma = input.indexOf(',', start);
      int end = comma < 0 ? input.length() : comma;
      String member = W3cSyntax.trimOws(input.substring(start, end));
      start = comma < 0 ? input.length() : comma + 1;
      if (member.isEmpty()) {
        continue;
      }
      int eq = member.indexOf('=');
      if (eq < 0) {
        continue;
      }
      ts.member(member.substring(0, eq), member.substring(eq + 1));
    }
    return ts;
  }

  private void member(String key, String value) {
    if (key.length() > MAX_KEY_LENGTH) {
      fail(SIZE);
      return;
    }
    int at = key.indexOf('@');
    if (at >= 0 && (at > MAX_TENANT_LENGTH || key.length() - at - 1 > MAX_SYSTEM_LENGTH)) {
      fail(SIZE);
      return;
    }
    if (key.equals("ot")) {
      rValue = "";
      randomness = 0;
      tValue = "";
      threshold = 0;
      otelOthers = new ArrayList<>(0);
      otel(value);
    } else {
      others.add(new String[] {key, value});
    }
  }

  /** The {@code ot} entry's value: {@code key:value} pairs separated by {@code ;}. */
  private void otel(String input) {
    if (input.length() > MAX_OTEL_LENGTH) {
      fail(SIZE);
      return;
    }
    if (!W3cSyntax.validOtel(input)) {
      fail(SYNTAX);
      return;
    }
    for (String member : input.split(";", -1)) {
      int colon = member.indexOf(':');
      String key = member.substring(0, colon);
      String value = member.substring(colon + 1);
      switch (key) {
        case "rv" -> {
          try {
            randomness = Sampling.parseRValue(value);
            rValue = value;
          } catch (IllegalArgumentException e) {
            rValue = "";
            randomness = 0;
            fail(e.getMessage());
          }
        }
        case "th" -> {
          try {
            threshold = Sampling.parseTValue(value);
            tValue = value;
          } catch (IllegalArgumentException e) {
            tValue = "";
            threshold = Sampling.ALWAYS;
            fail(e.getMessage());
          }
        }
        default -> otelOthers.add(new String[] {key, value});
      }
    }
  }

  private void fail(String message) {
    if (error == null) {
      error = message;
    }
  }

  /** The first fault found while parsing, or null. */
  String error() {
    return error;
  }

  @Override
  public boolean hasRandomness() {
    return !rValue.isEmpty();
  }

  @Override
  public long randomness() {
    return randomness;
  }

  @Override
  public void setRandomness(long value) {
    randomness = value;
    rValue = Sampling.rValue(value);
  }

  @Override
  public boolean hasThreshold() {
    return !tValue.isEmpty();
  }

  @Override
  public long threshold() {
    return threshold;
  }

  @Override
  public void clearThreshold() {
    tValue = "";
    threshold = 0;
  }

  @Override
  public boolean updateThreshold(long value) {
    if (!tValue.isEmpty() && threshold > value) {
      return false;
    }
    threshold = value;
    tValue = Sampling.tValue(value);
    return true;
  }

  String serialize() {
    StringBuilder out = new StringBuilder();
    if (!rValue.isEmpty() || !tValue.isEmpty() || !otelOthers.isEmpty()) {
      out.append("ot=");
      int n = 0;
      if (!rValue.isEmpty()) {
        out.append("rv:").append(rValue);
        n++;
      }
      if (!tValue.isEmpty()) {
        out.append(n++ > 0 ? ";" : "").append("th:").append(tValue);
      }
      for (String[] kv : otelOthers) {
        out.append(n++ > 0 ? ";" : "").append(kv[0]).append(':').append(kv[1]);
      }
    }
    for (String[] kv : others) {
      out.append(out.length() > 0 ? "," : "").append(kv[0]).append('=').append(kv[1]);
    }
    return out.toString();
  }
}
