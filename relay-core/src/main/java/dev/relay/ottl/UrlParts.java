package dev.relay.ottl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * contrib's {@code URL(url_string)} (func_url.go, parseutils.ParseURI with semconv names), reading the URL as
 * Go's {@code net/url.Parse} does: {@code url.original}, {@code url.domain}, {@code url.scheme} and
 * {@code url.path} always; {@code url.port} (an int), {@code url.fragment}, {@code url.user_info},
 * {@code url.username}, {@code url.password}, {@code url.query} and {@code url.extension} when present. The
 * path and fragment are percent-decoded; the query stays raw. An empty string, a bad escape or a port that is not a
 * number fail.
 */
final class UrlParts {
  private UrlParts() {}

  static AttributeMap parse(String url) {
    if (url.isEmpty()) {
      throw new OttlRuntimeException("URL: url cannot be empty");
    }
    String rest = url;
    String fragment = "";
    int hash = rest.indexOf('#');
    if (hash >= 0) {
      fragment = unescape(rest.substring(hash + 1));
      rest = rest.substring(0, hash);
    }
    String scheme = "";
    int colon = schemeEnd(rest);
    if (colon == 0) {
      throw new OttlRuntimeException("URL: parse \"" + url + "\": missing protocol scheme");
    }
    if (colon > 0) {
      scheme = rest.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
      rest = rest.substring(colon + 1);
    }
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = rest.substring(q + 1);
      rest = rest.substring(0, q);
    }
    String userInfo = null;
    String host = "";
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      String authority = slash < 0 ? rest.substring(2) : rest.substring(2, slash);
      rest = slash < 0 ? "" : rest.substring(slash);
      int at = authority.lastIndexOf('@');
      if (at >= 0) {
        userInfo = authority.substring(0, at);
        authority = authority.substring(at + 1);
      }
      host = authority;
    }
    String path = unescape(rest);
    String hostname = host;
    String port = "";
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      hostname = close < 0 ? host.substring(1) : host.substring(1, close);
      if (close >= 0 && close + 1 < host.length() && host.charAt(close + 1) == ':') {
        port = host.substring(close + 2);
      }
    } else {
      int c = host.lastIndexOf(':');
      if (c >= 0) {
        hostname = host.substring(0, c);
        port = host.substring(c + 1);
      }
    }
    MapBuilder m = new MapBuilder();
    m.put("url.original", url);
    m.put("url.domain", hostname);
    m.put("url.scheme", scheme);
    m.put("url.path", path);
    if (!port.isEmpty()) {
      for (int i = 0; i < port.length(); i++) {
        if (port.charAt(i) < '0' || port.charAt(i) > '9') {
          throw new OttlRuntimeException("URL: parse \"" + url + "\": invalid port \":" + port + "\" after host");
        }
      }
      try {
        m.put("url.port", Long.parseLong(port));
      } catch (NumberFormatException e) {
        throw new OttlRuntimeException("URL: invalid port " + port);
      }
    }
    if (!fragment.isEmpty()) {
      m.put("url.fragment", fragment);
    }
    if (userInfo != null) {
      m.put("url.user_info", userInfo);
      int c = userInfo.indexOf(':');
      String username = unescape(c < 0 ? userInfo : userInfo.substring(0, c));
      if (!username.isEmpty()) {
        m.put("url.username", username);
      }
      if (c >= 0) {
        m.put("url.password", unescape(userInfo.substring(c + 1)));
      }
    }
    if (!query.isEmpty()) {
      m.put("url.query", query);
    }
    int dot = path.lastIndexOf('.');
    if (dot >= 0 && dot < path.length() - 1) {
      m.put("url.extension", path.substring(dot + 1));
    }
    return m.build();
  }

  /** Where the scheme's ':' is, as Go's getScheme finds it: -1 when there is none, 0 when the URL starts with ':'. */
  private static int schemeEnd(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        continue;
      }
      if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
        if (i == 0) {
          return -1;
        }
        continue;
      }
      return c == ':' ? i : -1;
    }
    return -1;
  }

  private static String unescape(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == '%') {
        int hi = i + 1 < b.length ? Character.digit(b[i + 1], 16) : -1;
        int lo = i + 2 < b.length ? Character.digit(b[i + 2], 16) : -1;
        if (hi < 0 || lo < 0) {
          throw new OttlRuntimeException("URL: invalid URL escape \"" + s.substring(i, Math.min(s.length(), i + 3))
              + "\"");
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        out.write(b[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
