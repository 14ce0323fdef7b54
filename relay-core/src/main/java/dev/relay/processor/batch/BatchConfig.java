package dev.relay.processor.batch;

import java.time.Duration;
import java.util.List;

/**
 * Settings of one {@code batch} processor, as the Collector's: a batch is handed on once it holds {@code
 * sendBatchSize} items, or {@code timeout} after its first item arrived, and is split so that none handed on holds
 * more than {@code sendBatchMaxSize} items (0: no limit). {@code metadataKeys} (lowercased, sorted) name the client
 * metadata whose distinct values get batchers of their own, at most {@code metadataCardinalityLimit} (0: no limit).
 */
public record BatchConfig(
    Duration timeout,
    int sendBatchSize,
    int sendBatchMaxSize,
    List<String> metadataKeys,
    long metadataCardinalityLimit) {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
  public static final int DEFAULT_SEND_BATCH_SIZE = 8192;
  public static final long DEFAULT_METADATA_CARDINALITY_LIMIT = 1000;

  public BatchConfig {
    metadataKeys = List.copyOf(metadataKeys);
  }

  /** The defaults, as an empty {@code batch:} entry gives them. */
  public static BatchConfig defaults() {
    return new BatchConfig(DEFAULT_TIMEOUT, DEFAULT_SEND_BATCH_SIZE, 0, List.of(),
        DEFAULT_METADATA_CARDINALITY_LIMIT);
  }

  /**
   * Whether data is handed on as it comes: with {@code timeout: 0} or {@code send_batch_size: 0} the Collector sends
   * at once, subject only to {@code send_batch_max_size}, which splits.
   */
  boolean immediate() {
    return timeout.isZero() || sendBatchSize == 0;
  }
}
