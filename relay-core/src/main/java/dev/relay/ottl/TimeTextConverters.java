package dev.relay.ottl;

import java.math.BigInteger;
import java.time.ZoneId;
import java.util.List;

/**
 * contrib's {@code Time(target, format[, location[, locale]])}, {@code FormatTime(time, format)} (ctime-like
 * formats, see {@link CTime}; the format, location and locale are literals, checked when compiled) and
 * {@code TruncateTime(time, duration)} (Go's Time.Truncate: rounds down to a multiple of the duration since
 * Go's zero time, January 1 of year 1).
 */
final class TimeTextConverters {
  /** Seconds from Go's zero time (0001-01-01T00:00:00Z) to the Unix epoch. */
  private static final BigInteger ZERO_TO_EPOCH_NANOS = BigInteger.valueOf(62_135_596_800L)
      .multiply(BigInteger.valueOf(1_000_000_000L));

  private TimeTextConverters() {}

  static List<Converter> all() {
    return List.of(new TimeConverter(), new FormatTime(), new TextConverters.Fn("TruncateTime", 2, 2,
        (ctx, a) -> truncate(a[0], a[1])).named(List.of("time", "duration")));
  }

  static Object truncate(Object time, Object duration) {
    if (!(time instanceof Timestamp t)) {
      throw new OttlRuntimeException("TruncateTime: expected time but got " + Converters.describe(time));
    }
    if (!(duration instanceof Long d)) {
      throw new OttlRuntimeException("TruncateTime: expected duration but got " + Converters.describe(duration));
    }
    if (d <= 0) {
      return t;
    }
    BigInteger sinceZero = BigInteger.valueOf(t.unixNano()).add(ZERO_TO_EPOCH_NANOS);
    long rest = sinceZero.mod(BigInteger.valueOf(d)).longValue();
    return new Timestamp(t.unixNano() - rest);
  }

  static final class TimeConverter implements Converter {
    @Override
    public String name() {
      return "Time";
    }

    @Override
    public List<String> params() {
      return List.of("target", "format", "location", "locale");
    }

    @Override
    public Object defaultFor(int index, Ast.Expr[] given) {
      return index == 2 || index == 3 ? "" : null;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 2, 4);
      Getter<T> target = args.get(0).getter();
      List<CTime.Piece> format = CTime.compile(name(), args.get(1).literalString(name(), "the format"));
      ZoneId zone = CTime.zone(name(), args.size() > 2 ? args.get(2).literalString(name(), "the location") : "");
      if (args.size() > 3) {
        CTime.locale(name(), args.get(3).literalString(name(), "the locale"));
      }
      return ctx -> {
        String text = Converters.requireString(name(), target.get(ctx));
        return new Timestamp(CTime.parse(name(), format, text, zone));
      };
    }
  }

  static final class FormatTime implements Converter {
    @Override
    public String name() {
      return "FormatTime";
    }

    @Override
    public List<String> params() {
      return List.of("time", "format");
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 2, 2);
      Getter<T> time = args.get(0).getter();
      List<CTime.Piece> format = CTime.compile(name(), args.get(1).literalString(name(), "the format"));
      return ctx -> {
        Object v = time.get(ctx);
        if (!(v instanceof Timestamp t)) {
          throw new OttlRuntimeException("FormatTime: expected time but got " + Converters.describe(v));
        }
        return CTime.format(format, t.unixNano());
      };
    }
  }
}
