package dev.relay.exporter.redis;

/**
 * The bounded buffer of one route's rendered messages, between routing and writing to Redis. When it is full it
 * drops the oldest message (the newest activity wins) or the newest, as configured, and says so. Used by the
 * exporter's one consumer thread only.
 */
final class RouteBuffer {
  /** One rendered message and where it goes. */
  record Message(Route route, byte[] channel, byte[] stream, byte[] payload) {
    /** How many targets this message still goes to: a channel, a stream, or both. */
    int parts() {
      return (channel != null ? 1 : 0) + (stream != null ? 1 : 0);
    }
  }

  private final Message[] ring;
  private final boolean dropOldest;
  private int head;
  private int size;

  RouteBuffer(int capacity, boolean dropOldest) {
    this.ring = new Message[capacity];
    this.dropOldest = dropOldest;
  }

  /** Adds a message; returns the message dropped to make room (the oldest, or this one), or null. */
  Message add(Message m) {
    if (size == ring.length) {
      if (!dropOldest) {
        return m;
      }
      Message oldest = ring[head];
      ring[head] = m;
      head = (head + 1) % ring.length;
      return oldest;
    }
    ring[(head + size) % ring.length] = m;
    size++;
    return null;
  }

  /** Puts a message back at the front (a stream entry whose write failed); drops it if the buffer is full. */
  boolean pushFront(Message m) {
    if (size == ring.length) {
      return false;
    }
    head = (head - 1 + ring.length) % ring.length;
    ring[head] = m;
    size++;
    return true;
  }

  /**
   * Removes the channel part of every buffered message (messages with only a channel go entirely), keeping
   * stream parts in order. Returns how many channel parts were removed.
   */
  int dropChannels() {
    int dropped = 0;
    int kept = 0;
    Message[] survivors = new Message[size];
    for (int i = 0; i < size; i++) {
      Message m = ring[(head + i) % ring.length];
      if (m.channel() != null) {
        dropped++;
        if (m.stream() != null) {
          survivors[kept++] = new Message(m.route(), null, m.stream(), m.payload());
        }
      } else {
        survivors[kept++] = m;
      }
    }
    if (dropped == 0) {
      return 0;
    }
    java.util.Arrays.fill(ring, null);
    System.arraycopy(survivors, 0, ring, 0, kept);
    head = 0;
    size = kept;
    return dropped;
  }

  Message peek() {
    return size == 0 ? null : ring[head];
  }

  Message poll() {
    if (size == 0) {
      return null;
    }
    Message m = ring[head];
    ring[head] = null;
    head = (head + 1) % ring.length;
    size--;
    return m;
  }

  int size() {
    return size;
  }

  /** The targets (channel and stream parts) of all buffered messages. */
  long parts() {
    long n = 0;
    for (int i = 0; i < size; i++) {
      n += ring[(head + i) % ring.length].parts();
    }
    return n;
  }
}
