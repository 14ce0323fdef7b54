/**
 * How this relay reaches a Redis: {@link dev.relay.redis.RedisEndpoint} (URI, ACL credentials, TLS) with its one
 * parser, and its Lettuce form. The {@code redis} exporter and the admin server's activity stream both use it; a
 * component that can lend its Redis to others says so with {@link dev.relay.redis.RedisEndpointProvider}, and one
 * that writes to Redis says what with {@link dev.relay.redis.RedisNames.Provider} (the activity stream's default
 * allow-list). {@link dev.relay.redis.RedisGlob} matches names as Redis's own patterns do. A Lettuce client's
 * resources take {@link dev.relay.redis.SleepingTimer} and {@link dev.relay.redis.QuietRedisEventLoops}, so that an
 * idle client wakes no thread, and {@link dev.relay.redis.SilentEventBus}, so that it builds no Reactor event bus
 * nobody subscribes to; {@link dev.relay.redis.AsyncRedisClient} is a standalone client whose connections make only
 * the asynchronous command set the relay writes with until another is asked for.
 *
 * <p>All of it is for components and the admin server; it depends on {@code config} and {@code net} only.
 */
package dev.relay.redis;
