package dev.relay.exporter.redis;

import dev.relay.component.ComponentId;
import dev.relay.telemetry.Meters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The {@code redis} exporter's counters, tagged with its id and registered once, when the exporter is built. Redis
 * counters count parts: a message that goes to a channel and a stream counts twice.
 */
final class RedisMetrics {
  final Counter published;
  final Counter streamed;
  final Counter truncated;
  final Counter droppedRedisDown;
  final Counter droppedRedisError;
  final Counter droppedUnresolved;
  final Counter droppedInvalid;
  final Counter droppedRouteError;
  final Counter droppedTooLarge;
  final Counter droppedQueueFull;
  final Counter droppedShutdown;

  RedisMetrics(ComponentId id, MeterRegistry registry) {
    String tag = id.toString();
    // Registered in the order they always were, so that a scrape lists them the same way.
    published = Meters.counter(registry, Meters.REDIS_PUBLISHED, "exporter", tag);
    streamed = Meters.counter(registry, Meters.REDIS_STREAMED, "exporter", tag);
    droppedRedisDown = dropped(registry, tag, "redis_down");
    droppedRedisError = dropped(registry, tag, "redis_error");
    droppedUnresolved = dropped(registry, tag, "channel_unresolved");
    truncated = Meters.counter(registry, Meters.REDIS_TRUNCATED, "exporter", tag);
    droppedQueueFull = dropped(registry, tag, "queue_full");
    droppedShutdown = dropped(registry, tag, "shutdown");
    droppedTooLarge = dropped(registry, tag, "too_large");
    droppedRouteError = dropped(registry, tag, "route_error");
    droppedInvalid = dropped(registry, tag, "channel_invalid");
  }

  private static Counter dropped(MeterRegistry registry, String tag, String reason) {
    return Meters.counter(registry, Meters.REDIS_DROPPED, "exporter", tag, "reason", reason);
  }
}
