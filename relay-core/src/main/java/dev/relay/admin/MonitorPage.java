package dev.relay.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The {@code /monitor} page: one self-contained HTML file (inline CSS and JavaScript), read once from the jar. */
final class MonitorPage {
  private static final byte[] BYTES = load();

  private MonitorPage() {}

  static byte[] bytes() {
    return BYTES;
  }

  private static byte[] load() {
    try (InputStream in = MonitorPage.class.getResourceAsStream("monitor.html")) {
      if (in == null) {
        throw new IllegalStateException("monitor.html is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
