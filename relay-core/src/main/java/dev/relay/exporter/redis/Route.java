package dev.relay.exporter.redis;

import dev.relay.ottl.Condition;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.SpanEventContext;
import io.lettuce.core.XAddArgs;
import java.nio.charset.StandardCharsets;

/**
 * A compiled route: which span events and/or log records ({@code match}), to which channel and/or stream, as what
 * JSON. A route's expressions are compiled in the span-event context, the log context, or both (when they read only
 * what both have, such as {@code attributes}); a selector is null for a context the route does not apply to.
 *
 * @param events the route's expressions in the span-event context, or null
 * @param logs the route's expressions in the log context, or null
 * @param hasChannel whether it publishes (SPUBLISH when {@code sharded})
 * @param hasStream whether it appends to a stream
 * @param fieldBytes the stream entry's field that holds the JSON, as bytes
 * @param xadd the XADD arguments ({@code MAXLEN ~ n} when capped), built once; used by one thread only
 * @param queueSize how many rendered messages the route buffers while Redis is slow or (for streams) down
 * @param dropOldest when the buffer is full, drop the oldest message (true) or the newest
 * @param ttlMillis the stream key's time to live, renewed after each entry ({@code PEXPIRE}); 0: none
 */
record Route(
    int index,
    Selector<SpanEventContext> events,
    Selector<LogContext> logs,
    boolean hasChannel,
    boolean sharded,
    boolean hasStream,
    byte[] fieldBytes,
    XAddArgs xadd,
    int queueSize,
    boolean dropOldest,
    long ttlMillis) {

  /** A route's expressions compiled in one context; {@code channel} or {@code stream} is null when it has none. */
  record Selector<C>(Condition<C> match, Template<C> channel, Template<C> stream, Payload<C> payload) {}

  static Route of(int index, Selector<SpanEventContext> events, Selector<LogContext> logs, boolean hasChannel,
      boolean sharded, boolean hasStream, long maxlen, String field, int queueSize, boolean dropOldest,
      long ttlMillis) {
    XAddArgs args = new XAddArgs();
    if (maxlen > 0) {
      args.maxlen(maxlen).approximateTrimming();
    }
    return new Route(index, events, logs, hasChannel, sharded, hasStream, field.getBytes(StandardCharsets.UTF_8), args,
        queueSize, dropOldest, ttlMillis);
  }
}
