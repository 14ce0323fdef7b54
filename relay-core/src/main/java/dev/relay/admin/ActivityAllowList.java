package dev.relay.admin;

import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.redis.RedisGlob;
import dev.relay.redis.RedisNames;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code /activity/stream} may serve ({@code service.admin.activity.allow}): pub/sub channels and stream keys,
 * each a Redis glob. Without {@code allow}, the channels and streams the {@code redis} exporters' routes write.
 *
 * <p>A {@code channel=} or {@code stream=} name is served when a glob of its kind matches it. A {@code pattern=} is
 * served only when every channel it can match is allowed, which is decided soundly and simply: the pattern equals an
 * allowed channel glob, or an allowed glob is a literal prefix followed by one {@code *} and the pattern begins with
 * that prefix. So {@code pattern=*} needs {@code channel: "*"}.
 *
 * @param derived whether the globs came from the routes (no {@code allow} key), for messages
 */
public record ActivityAllowList(List<String> channels, List<String> streams, boolean derived) {
  public static final ActivityAllowList NONE = new ActivityAllowList(List.of(), List.of(), true);

  public ActivityAllowList {
    channels = List.copyOf(channels);
    streams = List.copyOf(streams);
  }

  /** Everything: for tests and embedders that check access themselves. */
  static ActivityAllowList everything() {
    return new ActivityAllowList(List.of("*"), List.of("*"), false);
  }

  /** Reads {@code allow} of {@code activity}; without it, {@code written}. */
  static ActivityAllowList parse(ConfigMap activity, RedisNames written) {
    if (activity.get("allow") == null) { // get, not has: marks the key as known for unknown-key messages
      RedisNames w = written == null ? RedisNames.NONE : written;
      return new ActivityAllowList(w.channels(), w.streams(), true);
    }
    List<String> channels = new ArrayList<>();
    List<String> streams = new ArrayList<>();
    for (ConfigNode item : activity.list("allow")) {
      if (!item.isMap()) {
        item.problem("each allow entry is {channel: <glob>} or {stream: <glob>}, e.g. channel: \"luthien:call:*\"");
        continue;
      }
      ConfigMap m = item.asMap();
      boolean channel = m.has("channel");
      if (channel == m.has("stream")) {
        m.problem(null, "each allow entry is {channel: <glob>} or {stream: <glob>}, e.g. channel: \"luthien:call:*\"");
        m.get("channel");
        m.get("stream");
        continue;
      }
      String glob = m.requiredString(channel ? "channel" : "stream");
      if (glob != null && !glob.isBlank()) {
        (channel ? channels : streams).add(glob);
      }
      m.rejectUnknown();
    }
    return new ActivityAllowList(channels, streams, false);
  }

  boolean allowsChannel(String name) {
    return anyMatches(channels, name);
  }

  boolean allowsStream(String key) {
    return anyMatches(streams, key);
  }

  boolean allowsPattern(String pattern) {
    for (String glob : channels) {
      if (glob.equals(pattern)) {
        return true;
      }
      int star = glob.length() - 1;
      if (star >= 0 && glob.charAt(star) == '*' && !RedisGlob.isPattern(glob.substring(0, star))
          && pattern.startsWith(glob.substring(0, star))) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code request} asks only for what is allowed. */
  boolean allows(ActivityRequest request) {
    if (request.stream() != null) {
      return allowsStream(request.stream());
    }
    return request.channel() != null ? allowsChannel(request.channel()) : allowsPattern(request.pattern());
  }

  private static boolean anyMatches(List<String> globs, String name) {
    for (String g : globs) {
      if (RedisGlob.matches(g, name)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return (derived ? "the routes' " : "allowed ") + "channels " + channels + " and streams " + streams;
  }
}
