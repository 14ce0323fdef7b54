package dev.relay.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Figures read from a relay's {@code /metrics} (Prometheus text), as the process tests and benches read them. */
public final class PrometheusText {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private PrometheusText() {}

  /** The page at {@code http://127.0.0.1:<adminPort>/metrics}; null while it cannot be read. */
  public static String scrape(int adminPort) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
