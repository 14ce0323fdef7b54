package dev.relay.processor.probabilisticsampler;

/**
 * The syntax checks of a W3C {@code tracestate} and of its OpenTelemetry ({@code ot}) value, as the Collector makes
 * them before it reads either (sizes are checked while reading).
 */
final class W3cSyntax {
  private W3cSyntax() {}

  /** {@code list-member *(OWS "," OWS list-member)}, where a member may be empty. */
  static boolean valid(String input) {
    int start = 0;
    while (start < input.length()) {
      int comma = input.indexOf(',', start);
      int end = comma < 0 ? input.length() : comma;
      String member = trimOws(input.substring(start, end));
      start = comma < 0 ? input.length() : comma + 1;
      if (member.isEmpty()) {
        continue;
      }
      int eq = member.indexOf('=');
      if (eq < 1 || !validKey(member.substring(0, eq)) || !validValue(member.substring(eq + 1))) {
        return false;
      }
    }
    return true;
  }

  static String trimOws(String s) {
    int b = 0;
    int e = s.length();
    while (b < e && (s.charAt(b) == ' ' || s.charAt(b) == '\t')) {
      b++;
    }
    while (e > b && (s.charAt(e - 1) == ' ' || s.charAt(e - 1) == '\t')) {
      e--;
    }
    return s.substring(b, e);
  }

  /** {@code simple-key} or {@code tenant-id "@" system-id}. */
  private static boolean validKey(String key) {
    int at = key.indexOf('@');
    if (at >= 0) {
      String tenant = key.substring(0, at);
      String system = key.substring(at + 1);
      return !tenant.isEmpty() && !system.isEmpty() && (lcAlpha(tenant.charAt(0)) || digit(tenant.charAt(0)))
          && lcAlpha(system.charAt(0)) && keyChars(tenant, 1) && keyChars(system, 1);
    }
    return !key.isEmpty() && lcAlpha(key.charAt(0)) && keyChars(key, 1);
  }

  private static boolean keyChars(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(lcAlpha(c) || digit(c) || c == '_' || c == '-' || c == '*' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  /** 1 to 256 printable ASCII characters but {@code ,} and {@code =}, the last one not a space. */
  private static boolean validValue(String value) {
    if (value.isEmpty() || value.length() > 256 || !nonBlank(value.charAt(value.length() - 1))) {
      return false;
    }
    for (int i = 0; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c != ' ' && !nonBlank(c)) {
        return false;
      }
    }
    return true;
  }

  private static boolean nonBlank(char c) {
    return (c >= 0x21 && c <= 0x2b) || (c >= 0x2d && c <= 0x3c) || (c >= 0x3e && c <= 0x7e);
  }

  /** {@code key:value} pairs separated by {@code ;}: keys lower-case alphanumeric, values {@code [A-Za-z0-9._-]*}. */
  static boolean validOtel(String input) {
    if (input.isEmpty() || input.charAt(input.length() - 1) == ';') {
      return false;
    }
    for (String member : input.split(";", -1)) {
      int colon = member.indexOf(':');
      if (colon < 1) {
        return false;
      }
      String key = member.substring(0, colon);
      if (!lcAlpha(key.charAt(0))) {
        return false;
      }
      for (int i = 1; i < key.length(); i++) {
        if (!lcAlpha(key.charAt(i)) && !digit(key.charAt(i))) {
          return false;
        }
      }
      for (int i = colon + 1; i < member.length(); i++) {
        char c = member.charAt(i);
        if (!(lcAlpha(c) || (c >= 'A' && c <= 'Z') || digit(c) || c == '.' || c == '_' || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean lcAlpha(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }
}
