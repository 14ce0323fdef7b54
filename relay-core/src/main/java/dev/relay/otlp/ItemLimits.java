package dev.relay.otlp;

import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Limits on one span or log record, as the OpenTelemetry SDK knows them ({@code SpanLimits}, {@code LogLimits}):
 * attributes per span, span event, link and log record; the length of a string attribute value (in characters, also
 * each string of an array value); events and links per span. {@code 0} means no limit. Over a limit an item is
 * either truncated (the extra attributes, events or links are left out and added to the item's
 * {@code dropped_*_count}, long strings are cut) or its whole request is refused. Metrics are not limited.
 */
public record ItemLimits(int maxAttributes, int maxAttributeValueLength, int maxEvents, int maxLinks,
    boolean truncate) {
  /** No limit at all. */
  public static final ItemLimits NONE = new ItemLimits(0, 0, 0, 0, true);

  public ItemLimits {
    if (maxAttributes < 0 || maxAttributeValueLength < 0 || maxEvents < 0 || maxLinks < 0) {
      throw new IllegalArgumentException("limits are 0 (none) or more");
    }
  }

  boolean any() {
    return maxAttributes > 0 || maxAttributeValueLength > 0 || maxEvents > 0 || maxLinks > 0;
  }

  /**
   * What a request looks like within the limits: {@code bytes} themselves when every item is within them; else, when
   * truncating, the request rewritten on the wire (nothing is decoded into objects, whatever the item holds).
   *
   * @param bytes a request already validated ({@link Batch#fromWire})
   */
  public Outcome apply(Signal signal, byte[] bytes) throws InvalidProtocolBufferException {
    if (!any() || signal == Signal.METRICS) {
      return new Outcome(bytes, 0, null);
    }
    WireLimits limits = new WireLimits(this, signal);
    int over = limits.count(bytes);
    if (over == 0) {
      return new Outcome(bytes, 0, null);
    }
    return new Outcome(truncate ? limits.rewrite(bytes) : bytes, over, limits.firstViolation());
  }

  /**
   * A request a client sent, as a receiver passes it on: checked as {@link Batch#fromWire} checks it, and brought
   * within the limits as {@link #apply} brings it. A request whose items are all within the limits, nearly every
   * one, is walked once: the check itself screens the items ({@link LimitScreen}), and only a request it flags is
   * walked again to count and cut exactly.
   *
   * @throws InvalidProtocolBufferException when the parser would reject the bytes
   */
  public Admitted admit(Signal signal, byte[] bytes) throws InvalidProtocolBufferException {
    LimitScreen screen = any() ? new LimitScreen(this) : null;
    Batch batch = Batch.checked(signal, bytes, WireValidator.validate(signal, bytes, screen));
    if (screen == null || !screen.maybeOver()) {
      return new Admitted(batch, 0, null);
    }
    Outcome exact = apply(signal, bytes);
    if (exact.itemsOverLimit() == 0) {
      return new Admitted(batch, 0, null);
    }
    Batch limited = exact.bytes() == bytes ? batch : Batch.fromWire(signal, exact.bytes());
    return new Admitted(limited, exact.itemsOverLimit(), exact.firstViolation());
  }

  /**
   * The batch to pass on (the request as received when no item was over a limit, or when refusing), how many items
   * were over a limit, and what the first of them exceeded.
   */
  public record Admitted(Batch batch, int itemsOverLimit, String firstViolation) {}

  /**
   * The request to pass on, how many items were over a limit (0: {@code bytes} are the request as received), and
   * what the first of them exceeded.
   */
  public record Outcome(byte[] bytes, int itemsOverLimit, String firstViolation) {}
}
