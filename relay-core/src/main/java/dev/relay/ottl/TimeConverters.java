package dev.relay.ottl;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Time converters with contrib's semantics, in UTC (Relay's times carry no location): {@code Unix},
 * {@code UnixNano}, {@code UnixMicro}, {@code UnixMilli}, {@code UnixSeconds}, and the components {@code Year},
 * {@code Month}, {@code Day}, {@code Hour}, {@code Minute}, {@code Second}, {@code Nanosecond}, {@code Weekday}
 * (Sunday is 0). A value that is not a time fails.
 */
final class TimeConverters {
  private TimeConverters() {}

  static List<Converter> all() {
    return List.of(
        new TextConverters.Fn("Unix", 1, 2, (ctx, a) -> unix(a)).named(List.of("seconds", "nanoseconds"), 0L),
        part("UnixNano", t -> t.unixNano()),
        part("UnixMicro", t -> Math.floorDiv(t.unixNano(), 1_000L)),
        part("UnixMilli", t -> Math.floorDiv(t.unixNano(), 1_000_000L)),
        part("UnixSeconds", t -> Math.floorDiv(t.unixNano(), 1_000_000_000L)),
        part("Year", t -> utc(t).getYear()),
        part("Month", t -> utc(t).getMonthValue()),
        part("Day", t -> utc(t).getDayOfMonth()),
        part("Hour", t -> utc(t).getHour()),
        part("Minute", t -> utc(t).getMinute()),
        part("Second", t -> utc(t).getSecond()),
        part("Nanosecond", t -> utc(t).getNano()),
        part("Weekday", t -> utc(t).getDayOfWeek().getValue() % 7));
  }

  private static ZonedDateTime utc(Timestamp t) {
    return Instant.ofEpochSecond(Math.floorDiv(t.unixNano(), 1_000_000_000L),
        Math.floorMod(t.unixNano(), 1_000_000_000L)).atZone(ZoneOffset.UTC);
  }

  /** Unix(seconds[, nanoseconds]): a time. */
  private static Object unix(Object[] a) {
    if (!(a[0] instanceof Long s) || (a.length > 1 && !(a[1] instanceof Long))) {
      throw new OttlRuntimeException("Unix expects int seconds and nanoseconds");
    }
    long nanos = a.length > 1 ? (Long) a[1] : 0;
    return new Timestamp(Math.addExact(Math.multiplyExact(s, 1_000_000_000L), nanos));
  }

  private static Converter part(String name, ToLongFunction<Timestamp> f) {
    return Converters.unary(name, false, v -> {
      if (v instanceof Timestamp t) {
        return f.applyAsLong(t);
      }
      throw new OttlRuntimeException(name + " expects a time, got " + Converters.describe(v));
    });
  }
}
