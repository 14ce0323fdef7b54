package dev.relay.exporter;

import java.util.Locale;

/** Why items were dropped after they were accepted: the {@code reason} tag of the dropped counter. */
enum DropReason {
  /** The queue was full and the exporter drops rather than refuses ({@link QueuedExporterSettings.WhenFull#DROP}). */
  QUEUE_FULL,
  /** The destination refused the data with a permanent error. */
  PERMANENT_ERROR,
  /** A retryable failure, with {@code retry_on_failure.enabled: false}. */
  RETRY_DISABLED,
  /** Still failing when {@code retry_on_failure.max_elapsed_time} ran out. */
  RETRIES_EXHAUSTED,
  /** Undelivered when {@code service.shutdown_timeout} ran out (memory queues only). */
  SHUTDOWN,
  /** A bug; logged. */
  UNEXPECTED_ERROR;

  String tag() {
    return name().toLowerCase(Locale.ROOT);
  }
}
