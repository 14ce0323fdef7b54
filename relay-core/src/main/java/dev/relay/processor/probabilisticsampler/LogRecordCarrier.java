package dev.relay.processor.probabilisticsampler;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;

/**
 * A log record's sampling information, in its attributes as the Collector keeps it: {@code sampling.randomness}
 * (an r-value) and {@code sampling.threshold} (a t-value), both strings. Changes go straight to the record.
 */
final class LogRecordCarrier implements SamplingCarrier {
  static final String RANDOMNESS = "sampling.randomness";
  static final String THRESHOLD = "sampling.threshold";

  private final LogRecord.Builder record;
  private String tValue = "";
  private long threshold;
  private String rValue = "";
  private long randomness;
  private String error;

  LogRecordCarrier(LogRecord.Builder record) {
    this.record = record;
    String t = string(THRESHOLD);
    if (!t.isEmpty()) {
      try {
        threshold = Sampling.parseTValue(t);
        tValue = t;
      } catch (IllegalArgumentException e) {
        error = e.getMessage();
      }
    }
    String r = string(RANDOMNESS);
    if (!r.isEmpty()) {
      try {
        randomness = Sampling.parseRValue(r);
        rValue = r;
      } catch (IllegalArgumentException e) {
        error = error == null ? e.getMessage() : error;
      }
    }
  }

  /** The first attribute named {@code key}, or null. */
  AnyValue attribute(String key) {
    int i = index(key);
    return i < 0 ? null : record.getAttributes(i).getValue();
  }

  private String string(String key) {
    AnyValue v = attribute(key);
    return v != null && v.hasStringValue() ? v.getStringValue() : "";
  }

  private int index(String key) {
    for (int i = 0; i < record.getAttributesCount(); i++) {
      if (record.getAttributes(i).getKey().equals(key)) {
        return i;
      }
    }
    return -1;
  }

  private void put(String key, String value) {
    KeyValue kv = KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    int i = index(key);
    if (i < 0) {
      record.addAttributes(kv);
    } else {
      record.setAttributes(i, kv);
    }
  }

  String error() {
    return error;
  }

  @Override
  public boolean hasRandomness() {
    return !rValue.isEmpty();
  }

  @Override
  public long randomness() {
    return randomness;
  }

  @Override
  public void setRandomness(long value) {
    randomness = value;
    rValue = Sampling.rValue(value);
    put(RANDOMNESS, rValue);
  }

  @Override
  public boolean hasThreshold() {
    return !tValue.isEmpty();
  }

  @Override
  public long threshold() {
    return threshold;
  }

  @Override
  public void clearThreshold() {
    threshold = Sampling.NEVER;
    tValue = "";
    int i = index(THRESHOLD);
    if (i >= 0) {
      record.removeAttributes(i);
    }
  }

  @Override
  public boolean updateThreshold(long value) {
    if (!tValue.isEmpty() && value < threshold) {
      return false;
    }
    put(THRESHOLD, Sampling.tValue(value));
    return true;
  }
}
