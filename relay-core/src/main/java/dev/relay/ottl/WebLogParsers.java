package dev.relay.ottl;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;

/** The web server log parsers of {@link LogParsers}: {@code ParseCLF} (Apache/NCSA) and {@code ParseELF} (W3C). */
final class WebLogParsers {
  private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*)\"";
  private static final Pattern CLF = Pattern.compile(
      "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] " + QUOTED + " (\\S+) (\\S+)$");
  private static final Pattern COMBINED = Pattern.compile(
      "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] " + QUOTED + " (\\S+) (\\S+) " + QUOTED + " " + QUOTED + "$");
  private static final java.util.regex.Pattern LINE_BREAKS = java.util.regex.Pattern.compile("\r\n|\r|\n");
  private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("\\s+");

  private WebLogParsers() {}

  // --- CLF

  /** {@code ParseCLF(target[, format])}: {@code clf} (default) or {@code combined}, a literal. */
  static final class ParseClf implements Converter {
    @Override
    public String name() {
      return "ParseCLF";
    }

    @Override
    public List<String> params() {
      return List.of("target", "format");
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 1, 2);
      String format = args.size() > 1 ? args.get(1).literalString(name(), "the format") : "clf";
      if (!format.equals("clf") && !format.equals("combined")) {
        throw new OttlException("ParseCLF: invalid format \"" + format + "\": must be \"clf\" or \"combined\"");
      }
      Getter<T> target = args.get(0).getter();
      return ctx -> clf(LogParsers.nonEmpty(name(), "CLF", target.get(ctx)), format);
    }
  }

  static AttributeMap clf(String message, String format) {
    boolean combined = format.equals("combined");
    Matcher m = (combined ? COMBINED : CLF).matcher(message.strip());
    if (!m.matches()) {
      throw new OttlRuntimeException("ParseCLF: invalid CLF message: does not match expected \"" + format
          + "\" format");
    }
    MapBuilder out = new MapBuilder().put("clf.remote_host", m.group(1)).put("clf.rfc931", m.group(2))
        .put("clf.authuser", m.group(3)).put("clf.timestamp", m.group(4));
    String request = clfUnescape(m.group(5));
    out.put("clf.request", request);
    String[] parts = request.split(" ", 3);
    if (parts.length == 3) {
      out.put("clf.method", parts[0]).put("clf.request_uri", parts[1]).put("clf.protocol", parts[2]);
    }
    out.put("clf.status", number("status code", m.group(6)));
    if (!m.group(7).equals("-")) {
      out.put("clf.bytes", number("bytes value", m.group(7)));
    }
    if (combined) {
      out.put("clf.referer", clfUnescape(m.group(8))).put("clf.user_agent", clfUnescape(m.group(9)));
    }
    return out.build();
  }

  private static long number(String what, String s) {
    try {
      return Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
    } catch (NumberFormatException e) {
      throw new OttlRuntimeException("ParseCLF: invalid " + what + " \"" + s + "\"");
    }
  }

  /** Apache mod_log_config's escapes: {@code \" \\ \n \t \r \b \f \v \xhh}; others are kept as they are. */
  private static String clfUnescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream(s.length());
    byte[] in = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      byte c = in[i];
      if (c != '\\' || i + 1 == in.length) {
        b.write(c);
        continue;
      }
      byte next = in[++i];
      switch (next) {
        case '\\', '"' -> b.write(next);
        case 'n' -> b.write('\n');
        case 't' -> b.write('\t');
        case 'r' -> b.write('\r');
        case 'b' -> b.write('\b');
        case 'f' -> b.write('\f');
        case 'v' -> b.write(0x0b);
        case 'x' -> {
          int hi = i + 2 < in.length ? Character.digit(in[i + 1], 16) : -1;
          int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
          if (hi >= 0 && lo >= 0) {
            b.write(hi * 16 + lo);
            i += 2;
          } else {
            b.write('\\');
            b.write('x');
          }
        }
        default -> {
          b.write('\\');
          b.write(next);
        }
      }
    }
    return b.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  // --- ELF

  /**
   * W3C Extended Log Format: {@code elf.version} (required), {@code elf.software}, {@code elf.date},
   * {@code elf.start_date}, {@code elf.end_date}, {@code elf.remark} when given, {@code elf.fields} (the last
   * {@code #Fields}) and {@code elf.entries} (a map per data line; a missing value is {@code "-"}).
   */
  static AttributeMap elf(String input) {
    MapBuilder out = new MapBuilder();
    List<Object> entries = new ArrayList<>();
    boolean hasVersion = false;
    List<String> fields = List.of();
    for (String raw : LINE_BREAKS.split(input)) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          String body = line.substring(1).strip();
          if (body.length() >= 6 && body.substring(0, 6).equalsIgnoreCase("fields")) {
            throw new OttlRuntimeException("ParseELF: invalid ELF: malformed #Fields directive \"" + line + "\"");
          }
          continue;
        }
        String key = line.substring(1, colon).strip().toLowerCase(java.util.Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        switch (key) {
          case "version" -> {
            hasVersion = true;
            out.put("elf.version", value);
          }
          case "fields" -> fields = value.isEmpty() ? List.of() : List.of(BLANKS.split(value));
          case "software" -> out.put("elf.software", value);
          case "date" -> out.put("elf.date", value);
          case "start-date" -> out.put("elf.start_date", value);
          case "end-date" -> out.put("elf.end_date", value);
          case "remark" -> out.put("elf.remark", value);
          default -> {
            // other directives are ignored
          }
        }
        continue;
      }
      if (fields.isEmpty()) {
        throw new OttlRuntimeException("ParseELF: invalid ELF: data entry found before #Fields directive");
      }
      List<String> values = elfValues(line);
      MapBuilder entry = new MapBuilder();
      for (int i = 0; i < fields.size(); i++) {
        entry.put(fields.get(i), i < values.size() ? values.get(i) : "-");
      }
      entries.add(entry.build());
    }
    if (!hasVersion) {
      throw new OttlRuntimeException("ParseELF: invalid ELF: missing #Version directive");
    }
    return out.put("elf.entries", entries).put("elf.fields", new ArrayList<Object>(fields)).build();
  }

  private static List<String> elfValues(String line) {
    List<String> values = new ArrayList<>();
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
      if (i >= n) {
        break;
      }
      if (line.charAt(i) != '"') {
        int start = i;
        while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
          i++;
        }
        values.add(line.substring(start, i));
        continue;
      }
      i++;
      StringBuilder sb = new StringBuilder();
      boolean closed = false;
      while (i < n) {
        if (line.charAt(i) != '"') {
          sb.append(line.charAt(i++));
        } else if (i + 1 < n && line.charAt(i + 1) == '"') {
          sb.append('"');
          i += 2;
        } else {
          i++;
          closed = true;
          break;
        }
      }
      if (!closed) {
        throw new OttlRuntimeException("ParseELF: invalid ELF: unterminated quoted value in data line: \""
            + line + "\"");
      }
      values.add(sb.toString());
    }
    return values;
  }
}
