package dev.relay.app.logging;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.Duration;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * {@code System.err} for the running relay: whatever is printed to it (slf4j-simple's lines, which it looks up as
 * {@code System.err} at each call, the JSON lines, the JVM's uncaught-exception traces) is queued and written to the
 * real stderr by the thread {@code relay-stderr}, so a stderr pipe nobody reads stalls no thread that logs, such as
 * a Netty event loop. Past {@value #MAX_LINES} lines or 1 MiB queued, lines are dropped and counted, then reported in
 * one line. Exit paths call {@link #flush} so that what was logged is out before the process ends.
 */
public final class BackgroundStderr {
  static final int MAX_LINES = 4096;
  static final long MAX_BYTES = 1 << 20;
  static final int MAX_LINE_BYTES = 64 << 10;
  /** The text format's timestamp: slf4j-simple is set to it, and the drop report writes it the same way. */
  public static final String TEXT_TIMESTAMP_PATTERN = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";
  private static final DateTimeFormatter TEXT_TS =
      DateTimeFormatter.ofPattern(TEXT_TIMESTAMP_PATTERN).withZone(ZoneId.systemDefault());
  private static BackgroundLineWriter writer;

  private BackgroundStderr() {}

  /** Makes {@code System.err} the background writer's, over the stderr there is now; once, later calls do nothing. */
  public static synchronized void install() {
    if (writer != null) {
      return;
    }
    PrintStream real = System.err;
    writer = new BackgroundLineWriter(real, MAX_LINES, MAX_BYTES, BackgroundStderr::dropReport, "relay-stderr");
    System.setErr(new PrintStream(new LineOutputStream(writer, MAX_LINE_BYTES), false, stderrCharset()));
  }

  /**
   * Waits, at most {@code max}, until what was printed to {@code System.err} so far is written; true at once when
   * nothing is installed. A stderr that takes nothing for that long loses what is still queued.
   */
  public static boolean flush(Duration max) {
    BackgroundLineWriter w = current();
    if (w == null) {
      return true;
    }
    System.err.flush(); // a partial line, too
    try {
      return w.awaitWritten(max);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Lines dropped because stderr did not keep up, since the start; 0 when nothing is installed. */
  public static long droppedLines() {
    BackgroundLineWriter w = current();
    return w == null ? 0 : w.dropped();
  }

  private static synchronized BackgroundLineWriter current() {
    return writer;
  }

  /** The line that counts dropped lines, in the configured encoding, as the {@code relay} logger would write it. */
  static byte[] dropReport(long dropped) {
    long now = System.currentTimeMillis();
    String message = dropped + " log lines dropped: stderr was not keeping up";
    Map<String, String> fields = LogSettings.initialFields();
    String line = LogSettings.json()
        ? JsonLogLine.render(now, Level.WARN, "relay", message, null, fields)
        : TEXT_TS.format(java.time.Instant.ofEpochMilli(now)) + " [WARN] relay - " + message
            + JsonLogLine.fieldsSuffix(fields);
    return (line + System.lineSeparator()).getBytes(stderrCharset());
  }

  /** The charset the JVM gave stderr (Java 17 has no {@code PrintStream.charset()}). */
  private static Charset stderrCharset() {
    String name = System.getProperty("sun.stderr.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }
}
