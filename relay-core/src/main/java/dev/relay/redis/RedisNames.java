package dev.relay.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * The pub/sub channels and stream keys a component writes, each as a Redis glob: a literal name as it is, a
 * templated one with {@code *} where each placeholder goes (its values can hold no glob character, so the glob
 * matches every name the template renders and nothing outside its namespace).
 */
public record RedisNames(List<String> channels, List<String> streams) {
  public static final RedisNames NONE = new RedisNames(List.of(), List.of());

  public RedisNames {
    channels = List.copyOf(channels);
    streams = List.copyOf(streams);
  }

  /** Both components' names, without repeats. */
  public RedisNames plus(RedisNames other) {
    return new RedisNames(union(channels, other.channels), union(streams, other.streams));
  }

  private static List<String> union(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    for (String s : b) {
      if (!out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  /** A component's config that writes to Redis says what, so that the activity stream can default to serving it. */
  public interface Provider {
    RedisNames redisNames();
  }
}
