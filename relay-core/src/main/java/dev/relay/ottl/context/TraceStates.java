package dev.relay.ottl.context;

import java.util.ArrayList;
import java.util.List;

/**
 * W3C {@code tracestate} as the Collector reads it (Go's {@code trace.ParseTraceState}): {@code trace_state["k"]}
 * is the member's value, "" when there is none, and nil when the header does not parse; writing a member puts it
 * first, and an invalid key or value, or a header that does not parse, changes nothing.
 */
final class TraceStates {
  static final int MAX_MEMBERS = 32;

  private TraceStates() {}

  /** The value of {@code key} in {@code header}; "" when absent; null when the header is not valid. */
  static String get(String header, String key) {
    List<String[]> members = parse(header);
    if (members == null) {
      return null;
    }
    for (String[] m : members) {
      if (m[0].equals(key)) {
        return m[1];
      }
    }
    return "";
  }

  /** {@code header} with {@code key} set to {@code value} and moved first; null when that cannot be done. */
  static String insert(String header, String key, String value) {
    List<String[]> members = parse(header);
    if (members == null || !validKey(key) || !validValue(value)) {
      return null;
    }
    members.removeIf(m -> m[0].equals(key));
    members.add(0, new String[] {key, value});
    while (members.size() > MAX_MEMBERS) {
      members.remove(members.size() - 1);
    }
    StringBuilder sb = new StringBuilder();
    for (String[] m : members) {
      if (sb.length() > 0) {
        sb.append(',');
      }
      sb.append(m[0]).append('=').append(m[1]);
    }
    return sb.toString();
  }

  /** The members in order, or null when the header is not valid (bad member, duplicate key, too many). */
  private static List<String[]> parse(String header) {
    List<String[]> out = new ArrayList<>();
    int from = 0;
    while (from <= header.length()) {
      int comma = header.indexOf(',', from);
      String member = header.substring(from, comma < 0 ? header.length() : comma);
      from = comma < 0 ? header.length() + 1 : comma + 1;
      if (member.isEmpty()) {
        continue;
      }
      int eq = member.indexOf('=');
      if (eq < 0) {
        return null;
      }
      String key = stripLeading(member.substring(0, eq));
      String value = stripTrailing(member.substring(eq + 1));
      if (!validKey(key) || !validValue(value)) {
        return null;
      }
      for (String[] m : out) {
        if (m[0].equals(key)) {
          return null;
        }
      }
      out.add(new String[] {key, value});
      if (out.size() > MAX_MEMBERS) {
        return null;
      }
    }
    return out;
  }

  private static String stripLeading(String s) {
    int i = 0;
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return s.substring(i);
  }

  private static String stripTrailing(String s) {
    int i = s.length();
    while (i > 0 && (s.charAt(i - 1) == ' ' || s.charAt(i - 1) == '\t')) {
      i--;
    }
    return s.substring(0, i);
  }

  /** {@code simple-key} or {@code tenant@system}, lowercase letters, digits and {@code _-*\/}. */
  static boolean validKey(String key) {
    int at = key.indexOf('@');
    if (at < 0) {
      return key.length() <= 256 && keyPart(key, true);
    }
    String tenant = key.substring(0, at);
    String system = key.substring(at + 1);
    return tenant.length() <= 241 && system.length() <= 14 && keyPart(tenant, false) && keyPart(system, true);
  }

  private static boolean keyPart(String s, boolean letterFirst) {
    if (s.isEmpty()) {
      return false;
    }
    char first = s.charAt(0);
    if (!(first >= 'a' && first <= 'z') && !(!letterFirst && first >= '0' && first <= '9')) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '*' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /** 1 to 256 printable ASCII characters other than ',' and '=', not ending in a space. */
  static boolean validValue(String v) {
    if (v.isEmpty() || v.length() > 256 || v.charAt(v.length() - 1) == ' ') {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') {
        return false;
      }
    }
    return true;
  }
}
