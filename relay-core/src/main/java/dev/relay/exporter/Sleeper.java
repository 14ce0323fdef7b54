package dev.relay.exporter;

/** Waits between retries; tests inject one that does not really sleep. */
@FunctionalInterface
public interface Sleeper {
  Sleeper SYSTEM = nanos -> java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);

  void sleep(long nanos) throws InterruptedException;
}
