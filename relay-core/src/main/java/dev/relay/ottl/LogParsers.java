package dev.relay.ottl;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The transform processor's log-format parsers (contrib processor/transformprocessor/internal/logparsingfuncs):
 * {@code ParseCEF}, {@code ParseCLF(target[, format])}, {@code ParseELF} and {@code ParseLEEF}, each giving a map
 * and failing on an empty or malformed message. The Collector has them in the log context of {@code transform};
 * Relay's log context has them wherever it is used.
 */
final class LogParsers {
  private static final String QUOTED = "\"((?:[^\"\\\\]|\\\\.)*)\"";
  private static final Pattern CLF = Pattern.compile(
      "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] " + QUOTED + " (\\S+) (\\S+)$");
  private static final Pattern COMBINED = Pattern.compile(
      "^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] " + QUOTED + " (\\S+) (\\S+) " + QUOTED + " " + QUOTED + "$");

  private static final java.util.regex.Pattern LINE_BREAKS = java.util.regex.Pattern.compile("\r\n|\r|\n");
  private static final java.util.regex.Pattern BLANKS = java.util.regex.Pattern.compile("\\s+");

  private LogParsers() {}

  static List<Converter> all() {
    return List.of(
        new TextConverters.Fn("ParseCEF", 1, 1, (ctx, a) -> cef(nonEmpty("ParseCEF", "CEF", a[0])))
            .named(List.of("target")),
        new ParseClf(),
        new TextConverters.Fn("ParseELF", 1, 1, (ctx, a) -> elf(nonEmpty("ParseELF", "ELF", a[0])))
            .named(List.of("target")),
        new TextConverters.Fn("ParseLEEF", 1, 1, (ctx, a) -> leef(nonEmpty("ParseLEEF", "LEEF", a[0])))
            .named(List.of("target")));
  }

  private static String nonEmpty(String function, String format, Object v) {
    String s = Converters.requireString(function, v);
    if (s.isEmpty()) {
      throw new OttlRuntimeException(function + ": cannot parse empty " + format + " message");
    }
    return s;
  }

  // --- CEF

  static AttributeMap cef(String message) {
    int start = message.indexOf("CEF:");
    if (start < 0) {
      throw new OttlRuntimeException("ParseCEF: invalid CEF message: 'CEF:' not found");
    }
    List<String> fields = cefHeader(message.substring(start));
    String version = fields.get(0).substring(4);
    if (version.isEmpty()) {
      throw new OttlRuntimeException("ParseCEF: invalid CEF message: missing version");
    }
    MapBuilder m = new MapBuilder().put("cef.version", version);
    String[] names = {"cef.device_vendor", "cef.device_product", "cef.device_version", "cef.device_event_class_id",
        "cef.name", "cef.severity"};
    for (int i = 0; i < names.length; i++) {
      m.put(names[i], unescape(fields.get(i + 1), "|\\", "|\\"));
    }
    MapBuilder ext = new MapBuilder();
    if (fields.size() == 8 && !fields.get(7).isEmpty()) {
      cefExtensions(fields.get(7), ext);
    }
    return m.put("cef.extensions", ext.build()).build();
  }

  /** The prefix and six header fields split at unescaped pipes, then the rest (the extension) when present. */
  private static List<String> cefHeader(String message) {
    List<String> fields = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == '\\' && i + 1 < message.length() && (message.charAt(i + 1) == '|' || message.charAt(i + 1) == '\\')) {
        current.append(c).append(message.charAt(++i));
        continue;
      }
      if (c == '|') {
        fields.add(current.toString());
        current.setLength(0);
        if (fields.size() == 7) {
          fields.add(message.substring(i + 1));
          return fields;
        }
        continue;
      }
      current.append(c);
    }
    fields.add(current.toString());
    if (fields.size() < 7) {
      throw new OttlRuntimeException("ParseCEF: invalid CEF header: expected at least 7 pipe-delimited fields"
          + " (CEF:Version, Device Vendor, Device Product, Device Version, Device Event Class ID, Name, Severity),"
          + " got " + fields.size());
    }
    return fields;
  }

  /** Replaces {@code \x} by the char at the same place in {@code to}, for each x in {@code from}. */
  private static String unescape(String s, String from, String to) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int k = c == '\\' && i + 1 < s.length() ? from.indexOf(s.charAt(i + 1)) : -1;
      if (k >= 0) {
        b.append(to.charAt(k));
        i++;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static int cefKeyLength(String ext, int i) {
    int j = i;
    while (j < ext.length() && isKeyChar(ext.charAt(j))) {
      j++;
    }
    return j > i && j < ext.length() && ext.charAt(j) == '=' ? j - i : 0;
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** {@code key=value} pairs: a key follows the start or a space; a value runs to the next key, spaces and all. */
  private static void cefExtensions(String ext, MapBuilder out) {
    String key = null;
    int valueStart = 0;
    int i = 0;
    while (i < ext.length()) {
      if (i == 0 || ext.charAt(i - 1) == ' ') {
        int len = cefKeyLength(ext, i);
        if (len > 0) {
          if (key != null) {
            out.put(key, unescape(trimSpaces(ext.substring(valueStart, i)), "\\=nr", "\\=\n\r"));
          }
          key = ext.substring(i, i + len);
          valueStart = i + len + 1;
          i = valueStart;
          continue;
        }
      }
      i++;
    }
    if (key != null) {
      out.put(key, unescape(trimSpaces(ext.substring(valueStart)), "\\=nr", "\\=\n\r"));
    }
  }

  /** Go's strings.TrimRight(s, " "). */
  private static String trimSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

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
      return ctx -> clf(nonEmpty(name(), "CLF", target.get(ctx)), format);
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

  // --- LEEF

  /** LEEF 1.0 (tab-separated attributes) and 2.0 (its own delimiter, a character or {@code 0xHH}). */
  static AttributeMap leef(String message) {
    int start = message.indexOf("LEEF:");
    if (start < 0) {
      throw new OttlRuntimeException("ParseLEEF: invalid LEEF message: 'LEEF:' not found");
    }
    String leef = message.substring(start);
    int pipe = leef.indexOf('|');
    if (pipe < 0) {
      throw new OttlRuntimeException("ParseLEEF: invalid LEEF message: missing pipe delimiter in header");
    }
    String version = leef.substring(5, pipe);
    if (!version.equals("1.0") && !version.equals("2.0")) {
      throw new OttlRuntimeException("ParseLEEF: unsupported LEEF version: " + version + " (supported: 1.0, 2.0)");
    }
    boolean v2 = version.equals("2.0");
    String[] parts = leef.substring(pipe + 1).split("\\|", v2 ? 6 : 5);
    int headerFields = v2 ? 5 : 4;
    if (parts.length < headerFields) {
      throw new OttlRuntimeException("ParseLEEF: invalid LEEF " + version + " header: expected at least "
          + headerFields + " fields (vendor, product, version, eventID" + (v2 ? ", delimiter" : "") + "), got "
          + parts.length);
    }
    String delimiter = v2 ? leefDelimiter(parts[4]) : "\t";
    String attributes = parts.length > headerFields ? parts[headerFields] : "";
    MapBuilder attrs = new MapBuilder();
    if (!attributes.isEmpty()) {
      int from = 0;
      while (from <= attributes.length()) {
        int at = attributes.indexOf(delimiter, from);
        String pair = (at < 0 ? attributes.substring(from) : attributes.substring(from, at)).strip();
        int eq = pair.indexOf('=');
        if (eq > 0) {
          attrs.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        if (at < 0) {
          break;
        }
        from = at + delimiter.length();
      }
    }
    return new MapBuilder().put("version", version).put("vendor", parts[0]).put("product_name", parts[1])
        .put("product_version", parts[2]).put("event_id", parts[3]).put("attributes", attrs.build()).build();
  }

  private static String leefDelimiter(String spec) {
    if (spec.isEmpty()) {
      return "\t";
    }
    if (spec.startsWith("0x") || spec.startsWith("0X")) {
      String hex = spec.substring(2);
      if (hex.isEmpty()) {
        throw new OttlRuntimeException("ParseLEEF: invalid LEEF 2.0 delimiter: empty hex value");
      }
      byte[] decoded;
      try {
        decoded = HexFormat.of().parseHex(hex);
      } catch (IllegalArgumentException e) {
        throw new OttlRuntimeException("ParseLEEF: invalid LEEF 2.0 delimiter: invalid hex delimiter \"" + spec
            + "\"");
      }
      if (decoded.length != 1) {
        throw new OttlRuntimeException("ParseLEEF: invalid LEEF 2.0 delimiter: hex delimiter must decode to a single"
            + " byte, got " + decoded.length + " bytes");
      }
      return String.valueOf((char) (decoded[0] & 0xff));
    }
    return spec;
  }
}
