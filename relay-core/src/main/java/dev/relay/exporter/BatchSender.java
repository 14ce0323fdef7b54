package dev.relay.exporter;

import dev.relay.otlp.Batch;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The exporter-specific part of an exporter: sends batches somewhere. The future fails with an {@link
 * ExportException} saying whether to retry.
 */
public interface BatchSender {
  /**
   * Sends {@code batches} (one or more queued batches, all of one signal, merged if the transport allows) within
   * {@code timeout}.
   */
  CompletableFuture<Void> send(List<Batch> batches, Duration timeout);

  /**
   * Whether {@link #send} never waits: it only does bounded work on the calling thread (routing, buffering, a
   * write to a non-blocking connection) and returns a completed future. The exporter then lets the receiving thread
   * send itself while its queue is empty ({@link CallerSends}), which saves the hand-off to a consumer thread.
   */
  default boolean neverWaits() {
    return false;
  }

  default void start() throws Exception {}

  /**
   * Waits, at most {@code timeout}, until a sender that connects in the background after {@link #start} can
   * deliver. A reload calls it before it switches data to a new exporter, so the switch loses nothing the old one
   * would have delivered.
   */
  default void awaitReady(Duration timeout) {}

  /**
   * Called on the consumer thread when no batch arrived (within a short poll while {@link #hasBacklog}), and once
   * more before the consumer stops: a sender that buffers on its own (Redis routes) catches up here.
   */
  default void idle() {}

  /**
   * Whether the sender holds work of its own that {@link #idle} should catch up on soon. While false, an idle
   * consumer thread waits for the next batch without waking up.
   */
  default boolean hasBacklog() {
    return false;
  }

  /**
   * Stops the sender. A sender that holds messages of its own (Redis routes) may go on delivering them for up to
   * {@code remaining}, then counts what is left.
   */
  default void shutdown(Duration remaining) {}

  String describe();

  /** The destination's state as far as the sender knows (e.g. {@code connected}, {@code disconnected}). */
  default String state() {
    return "running";
  }
}
