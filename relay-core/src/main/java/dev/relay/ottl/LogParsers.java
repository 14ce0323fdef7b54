package dev.relay.ottl;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The transform processor's log-format parsers (contrib processor/transformprocessor/internal/logparsingfuncs):
 * {@code ParseCEF} and {@code ParseLEEF} here, {@code ParseCLF} and {@code ParseELF} in {@link WebLogParsers}; each
 * gives a map and fails on an empty or malformed message. The Collector has them in the log context of {@code transform};
 * Relay's log context has them wherever it is used.
 */
final class LogParsers {


  private LogParsers() {}

  static List<Converter> all() {
    return List.of(
        new TextConverters.Fn("ParseCEF", 1, 1, (ctx, a) -> cef(nonEmpty("ParseCEF", "CEF", a[0])))
            .named(List.of("target")),
        new WebLogParsers.ParseClf(),
        new TextConverters.Fn("ParseELF", 1, 1, (ctx, a) -> WebLogParsers.elf(nonEmpty("ParseELF", "ELF", a[0])))
            .named(List.of("target")),
        new TextConverters.Fn("ParseLEEF", 1, 1, (ctx, a) -> leef(nonEmpty("ParseLEEF", "LEEF", a[0])))
            .named(List.of("target")));
  }

  static String nonEmpty(String function, String format, Object v) {
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
