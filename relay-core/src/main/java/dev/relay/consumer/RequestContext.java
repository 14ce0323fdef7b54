package dev.relay.consumer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the pipeline knows about the request it is consuming besides its data: the caller's deadline, whether the
 * caller gave up, the client's metadata when the receiver includes it, and what a server authenticator said about
 * the client ({@link #auth()}, e.g. its {@code username}; the Collector's {@code client.Info.Auth}). Immutable. A receiver makes it {@linkplain
 * #makeCurrent() current} around its consume call, and a component reads it with {@link #current()}: the
 * exporter, to wait for queue space or retry a synchronous export no longer than the caller waits.
 *
 * <p>It is carried by the thread rather than passed as an argument because a consume call runs the whole pipeline
 * (processors, fan-out, an exporter's enqueue or synchronous export) on the receiver's thread and returns when it
 * is done, so the consume interfaces stay free of transport details, as they were when the exporter read gRPC's
 * own thread-bound {@code io.grpc.Context}. Work handed to another thread (an exporter's queue consumers) does not
 * see it, and has no caller to wait for.
 */
public final class RequestContext {
  /** No deadline, never cancelled: the context of work that has no caller (and of HTTP requests, today). */
  public static final RequestContext EMPTY = new RequestContext(false, 0, () -> false, Map.of(), Map.of(), false);

  private static final ThreadLocal<RequestContext> CURRENT = new ThreadLocal<>();

  private final boolean hasDeadline;
  /** The deadline as a {@link System#nanoTime()} tick; only differences with another tick mean anything. */
  private final long deadlineTick;
  private final BooleanSupplier cancelled;
  /** The client's metadata (request headers), by lower-case key; empty unless the receiver includes it. */
  private final Map<String, List<String>> metadata;
  /** What the receiver's authenticator said about the client; empty without one. */
  private final Map<String, String> auth;
  /** The caller runs on a network event loop: nothing may wait on its thread. */
  private final boolean nonBlocking;

  private RequestContext(boolean hasDeadline, long deadlineTick, BooleanSupplier cancelled,
      Map<String, List<String>> metadata, Map<String, String> auth, boolean nonBlocking) {
    this.hasDeadline = hasDeadline;
    this.deadlineTick = deadlineTick;
    this.cancelled = cancelled;
    this.metadata = metadata;
    this.auth = auth;
    this.nonBlocking = nonBlocking;
  }

  /** The context made current on this thread, or {@link #EMPTY}. */
  public static RequestContext current() {
    RequestContext c = CURRENT.get();
    return c == null ? EMPTY : c;
  }

  /** This context with a deadline {@code nanos} from now (negative: already past). */
  public RequestContext withDeadlineIn(long nanos) {
    return new RequestContext(true, System.nanoTime() + nanos, cancelled, metadata, auth, nonBlocking);
  }

  /** This context, cancelled when {@code cancelled} says so (the caller went away). */
  public RequestContext withCancellation(BooleanSupplier cancelled) {
    return new RequestContext(hasDeadline, deadlineTick, Objects.requireNonNull(cancelled, "cancelled"), metadata,
        auth, nonBlocking);
  }

  /** This context for a client a server authenticator let in, with what it said about it (none: empty). */
  public RequestContext withAuth(Map<String, String> auth) {
    return new RequestContext(hasDeadline, deadlineTick, cancelled, metadata, Map.copyOf(auth), nonBlocking);
  }

  /** The authenticated client's attributes (basic auth: {@code username}); empty without an authenticator. */
  public Map<String, String> auth() {
    return auth;
  }

  /**
   * This context with the client's metadata, as the Collector's receivers pass it on with {@code include_metadata}:
   * each key's values in order; keys are compared without regard to case, as HTTP and gRPC header names are.
   */
  public RequestContext withMetadata(Map<String, List<String>> metadata) {
    Map<String, List<String>> lower = new java.util.HashMap<>();
    metadata.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
      List<String> both = new java.util.ArrayList<>(a);
      both.addAll(b);
      return List.copyOf(both);
    }));
    return new RequestContext(hasDeadline, deadlineTick, cancelled, Map.copyOf(lower), auth, nonBlocking);
  }

  /**
   * This context for a call the receiver runs on its network event loop, because the pipeline said it never blocks
   * ({@link Capabilities}). Should the pipeline change under the call (a reload), a part that would wait refuses the
   * batch with a retryable error instead, so the event loop is never blocked.
   */
  public RequestContext nonBlocking() {
    return new RequestContext(hasDeadline, deadlineTick, cancelled, metadata, auth, true);
  }

  /** Whether the caller runs on an event loop, where nothing may wait. */
  public boolean isNonBlocking() {
    return nonBlocking;
  }

  /** The values of the client's metadata {@code key} (any case), or an empty list. */
  public List<String> metadata(String key) {
    return metadata.getOrDefault(key.toLowerCase(Locale.ROOT), List.of());
  }

  /** What is left until the caller's deadline (negative once past), or {@code Long.MAX_VALUE} without one. */
  public long timeLeftNanos() {
    return hasDeadline ? deadlineTick - System.nanoTime() : Long.MAX_VALUE;
  }

  /** Whether the caller gave up on the request. */
  public boolean isCancelled() {
    return cancelled.getAsBoolean();
  }

  /**
   * Makes this context current on this thread until the returned scope closes, which restores the one before; use
   * it in a try-with-resources around the consume call.
   */
  public Scope makeCurrent() {
    RequestContext previous = CURRENT.get();
    CURRENT.set(this);
    return () -> {
      if (previous == null) {
        CURRENT.remove(); // leave nothing behind on a pooled thread
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Ends a {@link #makeCurrent()}. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }

  @Override
  public String toString() {
    return hasDeadline
        ? "RequestContext{deadline in " + TimeUnit.NANOSECONDS.toMillis(timeLeftNanos()) + " ms}"
        : "RequestContext{no deadline}";
  }
}
