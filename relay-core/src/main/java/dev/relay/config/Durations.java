package dev.relay.config;

import java.time.Duration;

/** Parses and prints durations the way Go (and so the Collector's YAML) writes them. */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    String s = text.trim();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("expected a duration such as 5s or 250ms, found nothing");
    }
    long nanos = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw bad(text);
      }
      double number;
      try {
        number = Double.parseDouble(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw bad(text);
      }
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      long unitNanos = switch (s.substring(unitStart, i)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> throw bad(text);
      };
      nanos += (long) (number * unitNanos);
    }
    return Duration.ofNanos(nanos);
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException("expected a duration such as 5s, 250ms or 1m30s, found '" + text + "'");
  }
}
