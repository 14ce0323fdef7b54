package dev.relay.exporter.redis;

import dev.relay.ottl.Condition;
import dev.relay.ottl.context.SpanEventContext;
import io.lettuce.core.XAddArgs;
import java.nio.charset.StandardCharsets;

/**
 * A compiled route: which events ({@code match}), to which channel and/or stream, as what JSON.
 *
 * @param channel where to PUBLISH (SPUBLISH when {@code sharded}); null for a stream-only route
 * @param stream where to XADD; null for a channel-only route
 * @param fieldBytes the stream entry's field that holds the JSON, as bytes
 * @param xadd the XADD arguments ({@code MAXLEN ~ n} when capped), built once; used by one thread only
 * @param queueSize how many rendered messages the route buffers while Redis is slow or (for streams) down
 * @param dropOldest when the buffer is full, drop the oldest message (true) or the newest
 */
record Route(
    int index,
    Condition<SpanEventContext> match,
    Template channel,
    boolean sharded,
    Template stream,
    byte[] fieldBytes,
    XAddArgs xadd,
    Payload payload,
    int queueSize,
    boolean dropOldest) {

  static Route of(int index, Condition<SpanEventContext> match, Template channel, boolean sharded, Template stream,
      long maxlen, String field, Payload payload, int queueSize, boolean dropOldest) {
    XAddArgs args = new XAddArgs();
    if (maxlen > 0) {
      args.maxlen(maxlen).approximateTrimming();
    }
    return new Route(index, match, channel, sharded, stream, field.getBytes(StandardCharsets.UTF_8), args, payload,
        queueSize, dropOldest);
  }
}
