package dev.relay.ottl;

/** A point in time in nanoseconds since the epoch; prints as RFC 3339 UTC with microseconds. */
public record Timestamp(long unixNano) {
  /** RFC 3339 in UTC with exactly six fractional digits, e.g. {@code 2026-11-27T04:00:00.123456Z}. */
  public String rfc3339() {
    StringBuilder sb = new StringBuilder(27);
    appendRfc3339(sb, unixNano);
    return sb.toString();
  }

  /** Appends without intermediate objects; civil-from-days after Howard Hinnant's algorithm. */
  public static void appendRfc3339(StringBuilder sb, long unixNano) {
    long seconds = Math.floorDiv(unixNano, 1_000_000_000L);
    long micros = Math.floorMod(unixNano, 1_000_000_000L) / 1000;
    long days = Math.floorDiv(seconds, 86_400L);
    long secOfDay = Math.floorMod(seconds, 86_400L);
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    pad(sb, year, 4).append('-');
    pad(sb, month, 2).append('-');
    pad(sb, day, 2).append('T');
    pad(sb, secOfDay / 3600, 2).append(':');
    pad(sb, secOfDay / 60 % 60, 2).append(':');
    pad(sb, secOfDay % 60, 2).append('.');
    pad(sb, micros, 6).append('Z');
  }

  private static StringBuilder pad(StringBuilder sb, long v, int width) {
    String s = Long.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(s);
  }

  @Override
  public String toString() {
    return rfc3339();
  }
}
