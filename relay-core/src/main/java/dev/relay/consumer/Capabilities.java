package dev.relay.consumer;

/**
 * What calling a consumer may do to the caller, as the Collector's {@code consumer.Capabilities} says what a
 * consumer does to the data: here, whether a call may block the calling thread (wait for I/O, for a lock held
 * across I/O, for room in a queue, for a reload's hand-over, or sleep). A receiver runs the pipeline on its network
 * event loop only when nothing downstream may block; a blocked event loop would stall every connection on it.
 *
 * <p>Immutable. The safe answer is the default ({@link BaseConsumer#capabilities()} says {@link #MAY_BLOCK}), so a
 * consumer that does not declare otherwise is run off the event loop. Capabilities combine through fan-outs and
 * processor chains with {@link #and}: a pipeline may block if any consumer on it may.
 *
 * @param mayBlock whether a call may block the caller's thread
 */
public record Capabilities(boolean mayBlock) {
  /** A call only computes and hands on (an in-memory queue that refuses or drops when full, a filter). */
  public static final Capabilities NEVER_BLOCKS = new Capabilities(false);
  /** A call may wait: a synchronous send, a queue that waits for room, a disk write. */
  public static final Capabilities MAY_BLOCK = new Capabilities(true);

  /** One of the two constants: no allocation when capabilities are read or combined. */
  public static Capabilities of(boolean mayBlock) {
    return mayBlock ? MAY_BLOCK : NEVER_BLOCKS;
  }

  /** What calling this consumer and {@code other} in turn (a chain, or a fan-out) may do: block if either may. */
  public Capabilities and(Capabilities other) {
    return of(mayBlock || other.mayBlock);
  }

  /** What calling every one of {@code consumers} may do; {@link #NEVER_BLOCKS} for none. */
  public static Capabilities of(Iterable<? extends BaseConsumer> consumers) {
    Capabilities all = NEVER_BLOCKS;
    for (BaseConsumer c : consumers) {
      all = all.and(c.capabilities());
    }
    return all;
  }
}
