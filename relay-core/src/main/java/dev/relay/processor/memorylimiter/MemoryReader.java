package dev.relay.processor.memorylimiter;

/** Where the limiter reads the heap; the JVM in production, a stand-in in tests. */
interface MemoryReader {
  /** Heap in use now, in bytes: live objects and garbage not yet collected. */
  long heapUsed();

  /** Heap in use just after the most recent garbage collection, in bytes; -1 when no GC has been seen. */
  long heapUsedAfterLastGc();
}
