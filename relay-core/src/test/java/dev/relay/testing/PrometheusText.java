package dev.relay.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figures read from a relay's {@code /metrics} (Prometheus text), as the process tests and benches read them. */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * The page at {@code http://127.0.0.1:<adminPort>/metrics}; null while it cannot be read. Each scrape is one
   * connection, closed once answered ({@code Connection: close}): no idle pooled connection is left for the admin
   * server to count against its connection limit or close at its idle timeout.
   */
  public static String scrape(int adminPort) {
    try (Socket s = new Socket("127.0.0.1", adminPort)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int body = answer.indexOf("\r\n\r\n");
      return answer.startsWith("HTTP/1.1 200") && body >= 0 ? answer.substring(body + 4) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The sum of the series of metric {@code name} whose labels contain {@code label} ("" for all). */
  public static double sum(String page, String name, String label) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E+-]+)$").matcher(page);
    double sum = 0;
    while (m.find()) {
      if (m.group(1) == null ? label.isEmpty() : m.group(1).contains(label)) {
        sum += Double.parseDouble(m.group(2));
      }
    }
    return sum;
  }

  /** {@link #sum} from a fresh scrape; -1 while the page cannot be read. */
  public static double metric(int adminPort, String name, String label) {
    String page = scrape(adminPort);
    return page == null ? -1 : sum(page, name, label);
  }
}
