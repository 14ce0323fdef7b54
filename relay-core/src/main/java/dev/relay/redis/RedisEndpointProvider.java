package dev.relay.redis;

/**
 * A component's config that talks to one Redis, and can lend it: the activity stream, given no Redis of its own,
 * reads from the first such exporter's. The loader asks through this, knowing nothing of the exporter.
 */
public interface RedisEndpointProvider {
  /** The one Redis this component talks to; null when it talks to several (a cluster). */
  RedisEndpoint redisEndpoint();
}
