package dev.relay.app.logging;

import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A logger that writes what {@link LogSettings} lets through: as slf4j-simple does (through {@code simple}, which
 * also keeps its per-library levels, such as {@code io.lettuce} at error), or as one JSON line ({@link JsonLogLine}).
 */
final class RelayLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  private final transient Logger simple;

  RelayLogger(String name, Logger simple) {
    this.name = name;
    this.simple = simple;
  }

  private static boolean allowed(Level level) {
    return level.toInt() >= LogSettings.level().toInt();
  }

  @Override
  public boolean isTraceEnabled() {
    return allowed(Level.TRACE) && simple.isTraceEnabled();
  }

  @Override
  public boolean isDebugEnabled() {
    return allowed(Level.DEBUG) && simple.isDebugEnabled();
  }

  @Override
  public boolean isInfoEnabled() {
    return allowed(Level.INFO) && simple.isInfoEnabled();
  }

  @Override
  public boolean isWarnEnabled() {
    return allowed(Level.WARN) && simple.isWarnEnabled();
  }

  @Override
  public boolean isErrorEnabled() {
    return allowed(Level.ERROR) && simple.isErrorEnabled();
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] args,
      Throwable throwable) {
    String message = MessageFormatter.basicArrayFormat(pattern, args);
    if (!LogSettings.heldBack(this, level, message, throwable)) {
      write(System.currentTimeMillis(), level, message, throwable);
    }
  }

  /** Writes one line as the settings say: JSON, or slf4j-simple's text with the initial fields at its end. */
  void write(long epochMillis, Level level, String message, Throwable throwable) {
    if (LogSettings.json()) {
      JsonLogLine.write(System.err, epochMillis, level, name, message, throwable, LogSettings.initialFields());
      return;
    }
    String text = message + JsonLogLine.fieldsSuffix(LogSettings.initialFields());
    switch (level) {
      case ERROR -> simple.error(text, throwable);
      case WARN -> simple.warn(text, throwable);
      case INFO -> simple.info(text, throwable);
      case DEBUG -> simple.debug(text, throwable);
      case TRACE -> simple.trace(text, throwable);
    }
  }
}
