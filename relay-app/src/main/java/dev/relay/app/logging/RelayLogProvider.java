package dev.relay.app.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleServiceProvider;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Relay's SLF4J provider, named by the {@code slf4j.provider} system property (so slf4j-simple, also on the class
 * path, is not picked by itself). It wraps slf4j-simple: console lines, per-library levels and the markers are
 * slf4j-simple's, and {@link RelayLogger} adds the configured level and the JSON encoding.
 */
public final class RelayLogProvider implements SLF4JServiceProvider {
  private final SimpleServiceProvider simple = new SimpleServiceProvider();
  private ILoggerFactory factory;

  @Override
  public void initialize() {
    simple.initialize();
    ILoggerFactory simpleFactory = simple.getLoggerFactory();
    ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    factory = name -> loggers.computeIfAbsent(name, n -> new RelayLogger(n, simpleFactory.getLogger(n)));
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return factory;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return simple.getMarkerFactory();
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return simple.getMDCAdapter();
  }

  @Override
  public String getRequestedApiVersion() {
    return simple.getRequestedApiVersion();
  }
}
