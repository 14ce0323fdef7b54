package dev.relay.ottl;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ctime-like formats of contrib's {@code Time} and {@code FormatTime} (internal/coreinternal/timeutils
 * ctimefmt): each {@code %x} directive stands for a piece of Go's layout, read and written as Go's
 * {@code time.Parse} and {@code Time.Format} do for that piece. A format is compiled once into pieces.
 */
final class CTime {
  /** A piece of the format: a directive letter, or (letter 0) literal text. */
  record Piece(char directive, String text) {}

  private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December"};
  private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
      "Saturday"};

  private CTime() {}

  /** The format's pieces; digits and unknown directives are compile errors, as in ctimefmt.ToNative. */
  static List<Piece> compile(String function, String format) throws OttlException {
    if (format.isEmpty()) {
      throw new OttlException(function + ": format cannot be nil");
    }
    for (int i = 0; i < format.length(); i++) {
      if (format.charAt(i) >= '0' && format.charAt(i) <= '9') {
        throw new OttlException(function + ": format string should not contain decimals");
      }
    }
    List<Piece> out = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        lit.append(c);
        continue;
      }
      char d = format.charAt(++i);
      String expanded = switch (d) {
        case 'D', 'x' -> "%m/%d/%Y";
        case 'F' -> "%Y-%m-%d";
        case 'T', 'X' -> "%H:%M:%S";
        case 'r' -> "%I:%M:%S %P";
        case 'R' -> "%H:%M";
        case 'c' -> "%a %b %d %H:%M:%S %Y";
        default -> null;
      };
      if (expanded != null) {
        flush(out, lit);
        out.addAll(compile(function, expanded));
        continue;
      }
      switch (d) {
        case 'n' -> lit.append('\n');
        case 't' -> lit.append('\t');
        case '%' -> lit.append('%');
        case 'o' -> {
          // "%o" is "_1" in Go's layout, which Go reads as a literal '_' and an unpadded month
          lit.append('_');
          flush(out, lit);
          out.add(new Piece('q', null));
        }
        case 'L', 'f', 's' -> {
          // Go reads "999" as fractional seconds only right after '.' or ','; elsewhere it is literal text
          if (!lit.isEmpty() && (lit.charAt(lit.length() - 1) == '.' || lit.charAt(lit.length() - 1) == ',')) {
            char sep = lit.charAt(lit.length() - 1);
            lit.setLength(lit.length() - 1);
            flush(out, lit);
            out.add(new Piece(d, String.valueOf(sep)));
          } else {
            lit.append(d == 'L' ? "999" : d == 'f' ? "999999" : "99999999");
          }
        }
        case 'Y', 'y', 'm', 'q', 'b', 'h', 'B', 'd', 'e', 'g', 'a', 'A', 'H', 'l', 'I', 'p', 'P', 'M', 'S', 'Z',
            'z', 'w', 'i', 'j', 'k' -> {
          flush(out, lit);
          out.add(new Piece(d == 'h' ? 'b' : d, null));
        }
        default -> throw new OttlException(function + ": convert to go time format: unsupported ctimefmt.ToNative()"
            + " directive: %" + d);
      }
    }
    flush(out, lit);
    return List.copyOf(out);
  }

  private static void flush(List<Piece> out, StringBuilder lit) {
    if (!lit.isEmpty()) {
      out.add(new Piece((char) 0, lit.toString()));
      lit.setLength(0);
    }
  }

  /** Go's Time.Format of a UTC time (Relay's times carry no location). */
  static String format(List<Piece> pieces, long unixNano) {
    ZonedDateTime t = java.time.Instant.ofEpochSecond(Math.floorDiv(unixNano, 1_000_000_000L),
        Math.floorMod(unixNano, 1_000_000_000L)).atZone(ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder();
    for (Piece p : pieces) {
      int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
      switch (p.directive()) {
        case 0 -> sb.append(p.text());
        case 'Y' -> pad(sb, t.getYear(), 4);
        case 'y' -> pad(sb, Math.floorMod(t.getYear(), 100), 2);
        case 'm' -> pad(sb, t.getMonthValue(), 2);
        case 'q' -> sb.append(t.getMonthValue());
        case 'b' -> sb.append(MONTHS[t.getMonthValue() - 1], 0, 3);
        case 'B' -> sb.append(MONTHS[t.getMonthValue() - 1]);
        case 'd' -> pad(sb, t.getDayOfMonth(), 2);
        case 'e' -> sb.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
        case 'g' -> sb.append(t.getDayOfMonth());
        case 'a' -> sb.append(DAYS[t.getDayOfWeek().getValue() % 7], 0, 3);
        case 'A' -> sb.append(DAYS[t.getDayOfWeek().getValue() % 7]);
        case 'H' -> pad(sb, t.getHour(), 2);
        case 'I' -> pad(sb, hour12, 2);
        case 'l' -> sb.append(hour12);
        case 'p' -> sb.append(t.getHour() >= 12 ? "PM" : "AM");
        case 'P' -> sb.append(t.getHour() >= 12 ? "pm" : "am");
        case 'M' -> pad(sb, t.getMinute(), 2);
        case 'S' -> pad(sb, t.getSecond(), 2);
        case 'L', 'f', 's' -> {
          // ".999" prints the fraction without trailing zeros, and nothing at all when it is zero
          int digits = p.directive() == 'L' ? 3 : p.directive() == 'f' ? 6 : 8;
          StringBuilder frac = new StringBuilder();
          pad(frac, t.getNano() / (int) Math.pow(10, 9 - digits), digits);
          int end = frac.length();
          while (end > 0 && frac.charAt(end - 1) == '0') {
            end--;
          }
          if (end > 0) {
            sb.append(p.text()).append(frac, 0, end);
          }
        }
        case 'Z' -> sb.append("UTC");
        case 'z' -> sb.append("+0000");
        case 'w' -> sb.append("+000000");
        case 'i' -> sb.append("+00");
        case 'j' -> sb.append("+00:00");
        case 'k' -> sb.append("+00:00:00");
        default -> throw new IllegalStateException("directive " + p.directive());
      }
    }
    return sb.toString();
  }

  private static void pad(StringBuilder sb, long v, int width) {
    String s = Long.toString(Math.abs(v));
    if (v < 0) {
      sb.append('-');
    }
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(s);
  }

  /**
   * Go's time.ParseInLocation: fields not in the format default to year 0, January 1, midnight. An offset in the
   * text wins; else a zone abbreviation the time zone database knows as a zone (UTC, GMT, EST, MST, HST, ... as
   * contrib's timeutils loads it) wins over {@code zone}; an unknown abbreviation reads as offset 0, as in Go.
   */
  static long parse(String function, List<Piece> pieces, String value, ZoneId zone) {
    Reader r = new Reader(function, value);
    int year = 0;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int nano = 0;
    int pm = -1;
    Integer offset = null;
    ZoneId named = null;
    if (value.isEmpty()) {
      throw new OttlRuntimeException(function + ": time cannot be nil");
    }
    for (Piece p : pieces) {
      switch (p.directive()) {
        case 0 -> r.literal(p.text());
        case 'Y' -> year = r.number(4, 4);
        case 'y' -> {
          int yy = r.number(2, 2);
          year = yy >= 69 ? 1900 + yy : 2000 + yy;
        }
        case 'm' -> month = r.number(2, 2);
        case 'q' -> month = r.number(1, 2);
        case 'b' -> month = r.name(MONTHS, 3) + 1;
        case 'B' -> month = r.name(MONTHS, 0) + 1;
        case 'd' -> day = r.number(2, 2);
        case 'e' -> {
          r.skipSpace();
          day = r.number(1, 2);
        }
        case 'g' -> day = r.number(1, 2);
        case 'a' -> r.name(DAYS, 3);
        case 'A' -> r.name(DAYS, 0);
        case 'H' -> hour = r.number(1, 2);
        case 'I' -> hour = r.number(2, 2);
        case 'l' -> hour = r.number(1, 2);
        case 'p' -> pm = r.amPm(true);
        case 'P' -> pm = r.amPm(false);
        case 'M' -> minute = r.number(2, 2);
        case 'S' -> {
          second = r.number(2, 2);
          nano = Math.max(nano, r.optionalFraction()); // Go reads a fraction after seconds even if not in the layout
        }
        case 'L', 'f', 's' -> nano = Math.max(nano, r.optionalFraction());
        case 'z' -> offset = r.offset(true, false);
        case 'w' -> offset = r.offset(true, true);
        case 'i' -> offset = r.offset(false, false) ;
        case 'j' -> offset = r.offsetColon(false);
        case 'k' -> offset = r.offsetColon(true);
        case 'Z' -> {
          named = abbreviated(r.zoneAbbreviation());
        }
        default -> throw new IllegalStateException("directive " + p.directive());
      }
    }
    if (!r.atEnd()) {
      throw new OttlRuntimeException(function + ": parsing time \"" + value + "\": extra text");
    }
    if (pm >= 0) {
      if (hour > 12) {
        throw new OttlRuntimeException(function + ": parsing time \"" + value + "\": hour out of range");
      }
      hour = pm == 1 && hour < 12 ? hour + 12 : pm == 0 && hour == 12 ? 0 : hour;
    }
    try {
      LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
      ZonedDateTime at = offset != null ? local.atZone(ZoneOffset.ofTotalSeconds(offset))
          : local.atZone(named != null ? named : zone);
      return Math.addExact(Math.multiplyExact(at.toEpochSecond(), 1_000_000_000L), at.getNano());
    } catch (DateTimeException | ArithmeticException e) {
      throw new OttlRuntimeException(function + ": parsing time \"" + value + "\": " + e.getMessage());
    }
  }

  /**
   * The zone an abbreviation names when the time zone database has a zone of that name (UTC, GMT, EST, MST, HST,
   * CET, ...), as Go's LoadLocation finds it; any other abbreviation reads as UTC.
   */
  private static ZoneId abbreviated(String abbr) {
    String fixed = ZoneId.SHORT_IDS.get(abbr);
    if (fixed != null && (fixed.startsWith("-") || fixed.startsWith("+"))) {
      return ZoneId.of(fixed); // EST, MST, HST: fixed-offset zones in Go's database, short ids in the JDK's
    }
    return java.time.zone.ZoneRulesProvider.getAvailableZoneIds().contains(abbr) ? ZoneId.of(abbr) : ZoneOffset.UTC;
  }

  /** A cursor over the text being parsed. */
  private static final class Reader {
    private final String function;
    private final String s;
    private int i;

    Reader(String function, String s) {
      this.function = function;
      this.s = s;
    }

    boolean atEnd() {
      return i == s.length();
    }

    private OttlRuntimeException bad(String what) {
      return new OttlRuntimeException(function + ": parsing time \"" + s + "\": cannot parse \""
          + s.substring(i) + "\" as " + what);
    }

    void literal(String text) {
      if (!s.startsWith(text, i)) {
        throw bad("\"" + text + "\"");
      }
      i += text.length();
    }

    void skipSpace() {
      if (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
    }

    int number(int min, int max) {
      int start = i;
      while (i < s.length() && i - start < max && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i - start < min) {
        i = start;
        throw bad("a number of " + min + (min == max ? "" : " to " + max) + " digits");
      }
      return Integer.parseInt(s, start, i, 10);
    }

    int name(String[] names, int length) {
      for (int n = 0; n < names.length; n++) {
        String name = length > 0 ? names[n].substring(0, length) : names[n];
        if (s.regionMatches(true, i, name, 0, name.length())) {
          i += name.length();
          return n;
        }
      }
      throw bad(length > 0 ? "an abbreviated name" : "a name");
    }

    int amPm(boolean upper) {
      String am = upper ? "AM" : "am";
      String pm = upper ? "PM" : "pm";
      if (s.startsWith(am, i) || s.startsWith(pm, i)) {
        boolean isPm = s.startsWith(pm, i);
        i += 2;
        return isPm ? 1 : 0;
      }
      throw bad("\"" + pm + "\"");
    }

    int optionalFraction() {
      if (i + 1 < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',') && Character.isDigit(s.charAt(i + 1))) {
        i++;
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        String digits = (s.substring(start, i) + "000000000").substring(0, 9);
        return Integer.parseInt(digits);
      }
      return -1;
    }

    private int sign() {
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        return s.charAt(i++) == '-' ? -1 : 1;
      }
      throw bad("a UTC offset");
    }

    /** ±hh, ±hhmm, ±hhmmss. */
    int offset(boolean minutes, boolean seconds) {
      int sign = sign();
      int total = number(2, 2) * 3600;
      if (minutes) {
        total += number(2, 2) * 60;
      }
      if (seconds) {
        total += number(2, 2);
      }
      return sign * total;
    }

    /** ±hh:mm or ±hh:mm:ss. */
    int offsetColon(boolean seconds) {
      int sign = sign();
      int total = number(2, 2) * 3600;
      literal(":");
      total += number(2, 2) * 60;
      if (seconds) {
        literal(":");
        total += number(2, 2);
      }
      return sign * total;
    }

    String zoneAbbreviation() {
      int start = i;
      while (i < s.length() && i - start < 5 && Character.isUpperCase(s.charAt(i))) {
        i++;
      }
      if (i - start < 3) {
        i = start;
        throw bad("a time zone abbreviation");
      }
      return s.substring(start, i);
    }
  }

  /** The zone a {@code location} argument names ("" is UTC), checked when the statement is compiled. */
  static ZoneId zone(String function, String location) throws OttlException {
    if (location.isEmpty() || location.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(location);
    } catch (DateTimeException e) {
      throw new OttlException(function + ": unknown time zone " + location);
    }
  }

  /** Relay reads English names only; {@code locale} "" or an English tag is accepted, anything else refused. */
  static void locale(String function, String locale) throws OttlException {
    if (!locale.isEmpty() && !Locale.forLanguageTag(locale).getLanguage().equals("en")) {
      throw new OttlException(function + ": unsupported locale '" + locale + "': Relay reads English month and day"
          + " names only");
    }
  }
}
