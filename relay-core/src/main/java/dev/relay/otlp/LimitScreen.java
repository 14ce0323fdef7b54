package dev.relay.otlp;

/**
 * What {@link WireValidator}'s walk learns of a request's items against {@link ItemLimits}, on the way: whether any
 * span, event, link or log record has more attributes (events, links) than allowed, which is exact, and whether any
 * string is longer in bytes than the value length limit allows in characters, which is a cheap over-estimate (it
 * counts names and keys too). Only when it says "maybe" is the request walked again, exactly, by {@link WireLimits}.
 */
final class LimitScreen {
  private final int maxAttributes;
  private final int maxEvents;
  private final int maxLinks;
  private final int maxStringBytes;
  private boolean maybeOver;

  LimitScreen(ItemLimits limits) {
    this.maxAttributes = orUnlimited(limits.maxAttributes());
    this.maxEvents = orUnlimited(limits.maxEvents());
    this.maxLinks = orUnlimited(limits.maxLinks());
    // A string of more characters than the limit has at least as many bytes.
    this.maxStringBytes = orUnlimited(limits.maxAttributeValueLength());
  }

  private static int orUnlimited(int limit) {
    return limit > 0 ? limit : Integer.MAX_VALUE;
  }

  /** One limited message (span, event, link, log record) and what it holds. */
  void item(int attributes, int events, int links) {
    if (attributes > maxAttributes || events > maxEvents || links > maxLinks) {
      maybeOver = true;
    }
  }

  /** A string field of {@code bytes} bytes, anywhere in the request. */
  void string(int bytes) {
    if (bytes > maxStringBytes) {
      maybeOver = true;
    }
  }

  boolean maybeOver() {
    return maybeOver;
  }
}
