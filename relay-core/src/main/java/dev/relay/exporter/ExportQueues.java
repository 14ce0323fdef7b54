package dev.relay.exporter;

import dev.relay.component.ComponentId;
import dev.relay.otlp.Batch;
import dev.relay.queue.ExportQueue;
import dev.relay.queue.MemoryQueue;
import dev.relay.queue.PersistentQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.ToLongFunction;

/** Opens an exporter's queue as its settings say: in memory, or on disk under the configured directory. */
final class ExportQueues {
  private ExportQueues() {}

  static ExportQueue<Batch> open(ComponentId id, QueuedExporterSettings settings) throws IOException {
    ToLongFunction<Batch> weigher = switch (settings.sizer()) {
      case REQUESTS -> b -> 1;
      case ITEMS -> Batch::itemCount;
      case BYTES -> b -> b.bytes().length;
    };
    PersistentQueue.Settings st = settings.storage();
    if (st == null) {
      // Queued batches are compacted to their bytes, so bytes().length is what they hold in memory.
      return new MemoryQueue<>(settings.queueSize(), weigher, settings.maxQueuedBytes(), b -> b.bytes().length);
    }
    Path dir = storageDirectory(st.directory(), id);
    try {
      return new PersistentQueue<>(
          new PersistentQueue.Settings(dir, st.fsync(), st.fsyncInterval(), st.maxBytes(), st.segmentBytes()),
          BatchCodec.INSTANCE, settings.queueSize(), weigher);
    } catch (IOException e) {
      throw new IOException("exporter " + id + " cannot open its persistent queue in " + dir + ": " + e.getMessage(),
          e);
    }
  }

  /** Where an exporter's persistent queue lives: its own directory under the configured one. */
  static Path storageDirectory(Path configured, ComponentId id) {
    return configured.resolve(id.toString().replaceAll("[^A-Za-z0-9_.-]", "_"));
  }
}
