package dev.relay.telemetry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meter names, kept in one place; they follow the Collector's with a {@code relay} prefix. */
public final class Meters {
  // Per-item meters: their names end in the signal's unit, see forSignal.
  public static final String RECEIVER_ACCEPTED = "relay.receiver.accepted";
  public static final String RECEIVER_REFUSED = "relay.receiver.refused";
  public static final String EXPORTER_SENT = "relay.exporter.sent";
  public static final String EXPORTER_SEND_FAILED = "relay.exporter.send.failed";
  public static final String EXPORTER_ENQUEUE_FAILED = "relay.exporter.enqueue.failed";
  public static final String EXPORTER_DROPPED = "relay.exporter.dropped";
  // Other meters.
  public static final String RECEIVER_REFUSED_REQUESTS = "relay.receiver.refused.requests";
  /** Requests a receiver's authenticator refused, by {@code reason}; also counted in refused.requests. */
  public static final String RECEIVER_UNAUTHENTICATED_REQUESTS = "relay.receiver.unauthenticated.requests";
  /** Connections a receiver closed, by {@code transport} and {@code reason} (a timeout, an abusive client). */
  public static final String RECEIVER_CLOSED_CONNECTIONS = "relay.receiver.closed.connections";
  /** Requests the admin server refused: {@code reason} unauthenticated kinds, {@code not_loopback}, {@code host}. */
  public static final String ADMIN_REFUSED_REQUESTS = "relay.admin.refused.requests";
  public static final String EXPORTER_RETRIES = "relay.exporter.retries";
  public static final String EXPORTER_QUEUE_SIZE = "relay.exporter.queue.size";
  public static final String EXPORTER_QUEUE_CAPACITY = "relay.exporter.queue.capacity";
  public static final String EXPORTER_QUEUE_DISK_BYTES = "relay.exporter.queue.disk";
  public static final String EXPORTER_QUEUE_CORRUPT_RECORDS = "relay.exporter.queue.corrupt.records";
  public static final String REDIS_PUBLISHED = "relay.redis.published.messages";
  public static final String REDIS_STREAMED = "relay.redis.stream.entries";
  public static final String REDIS_TRUNCATED = "relay.redis.truncated.messages";
  public static final String REDIS_DROPPED = "relay.redis.dropped.messages";
  public static final String MEMORY_LIMITER_REFUSED = "relay.processor.memory_limiter.refused";
  public static final String MEMORY_LIMITER_REFUSING = "relay.processor.memory_limiter.refusing";
  // The batch processor's, named as the Collector's otelcol_processor_batch_* are.
  public static final String BATCH_SEND_SIZE = "relay.processor.batch.batch.send.size";
  public static final String BATCH_SIZE_TRIGGER_SEND = "relay.processor.batch.batch.size.trigger.send";
  public static final String BATCH_TIMEOUT_TRIGGER_SEND = "relay.processor.batch.timeout.trigger.send";
  public static final String BATCH_METADATA_CARDINALITY = "relay.processor.batch.metadata.cardinality";
  public static final String BATCH_DROPPED = "relay.processor.batch.dropped";
  /** Log lines the relay dropped because its stderr did not keep up (counted by relay-app's stderr writer). */
  public static final String LOG_LINES_DROPPED = "relay.log.lines.dropped";

  private Meters() {}

  /**
   * The name of a per-item meter for {@code signal}, as the Collector names them: {@code relay.receiver.accepted} +
   * {@code spans}, {@code log.records} or {@code metric.points}.
   */
  public static String forSignal(String base, dev.relay.otlp.Signal signal) {
    return base + "." + switch (signal) {
      case TRACES -> "spans";
      case LOGS -> "log.records";
      case METRICS -> "metric.points";
    };
  }

  public static Counter counter(MeterRegistry registry, String name, String... tags) {
    return Counter.builder(name).tags(tags).register(registry);
  }
}
