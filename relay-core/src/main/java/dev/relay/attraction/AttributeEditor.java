package dev.relay.attraction;

import dev.relay.otlp.KeyedAttributes;
import dev.relay.otlp.WireSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;
import java.util.List;

/**
 * The attributes of one item being changed by actions, with the Collector's map rules: a key names its first entry;
 * setting a key changes that entry in place, or appends one. One editor is reused across the items of a batch
 * ({@code on(...)}) by the thread that walks it, and remembers whether it changed anything since {@link #reset()}.
 * A span still in its received bytes is read without decoding its attributes, and written back with only the
 * changed entries encoded anew.
 */
public abstract class AttributeEditor {
  private boolean changed;

  AttributeEditor() {}

  /** An editor of span attributes: spans read from the wire ({@link WireSpan}) or span builders. */
  public static Spans spans() {
    return new Spans();
  }

  /** An editor of resource attributes. */
  public static Resources resources() {
    return new Resources();
  }

  /** An editor of log record attributes. */
  public static Logs logs() {
    return new Logs();
  }

  /** The entries as they are now; read-only. */
  public abstract List<KeyValue> entries();

  abstract void setEntry(int index, KeyValue kv);

  abstract void addEntry(KeyValue kv);

  abstract void removeEntry(int index);

  /** Whether anything changed since {@link #reset()}. */
  public final boolean changed() {
    return changed;
  }

  /** Forgets earlier changes (at the start of a batch). */
  public final void reset() {
    changed = false;
  }

  final int indexOf(String key) {
    return KeyedAttributes.indexOfKey(entries(), key);
  }

  /** The value under {@code key}, or null. */
  final AnyValue get(String key) {
    int i = indexOf(key);
    return i < 0 ? null : entries().get(i).getValue();
  }

  final String keyAt(int index) {
    return KeyedAttributes.keyAt(entries(), index);
  }

  final int size() {
    return entries().size();
  }

  final void set(int index, KeyValue kv) {
    setEntry(index, kv);
    changed = true;
  }

  final void add(KeyValue kv) {
    addEntry(kv);
    changed = true;
  }

  /** Sets {@code key}: in place where it is, appended otherwise. */
  final void put(KeyValue kv) {
    int i = indexOf(kv.getKey());
    if (i >= 0) {
      set(i, kv);
    } else {
      add(kv);
    }
  }

  final void remove(int index) {
    removeEntry(index);
    changed = true;
  }

  /** Removes the entries whose indexes are set in {@code remove}, keeping the order of the others. */
  final void removeAll(boolean[] remove) {
    for (int i = remove.length - 1; i >= 0; i--) {
      if (remove[i]) {
        removeEntry(i);
        changed = true;
      }
    }
  }

  /** Span attributes, of a span still in its bytes or of a builder. */
  public static final class Spans extends AttributeEditor {
    private SpanOrBuilder span;

    public Spans on(SpanOrBuilder span) {
      this.span = span;
      return this;
    }

    @Override
    public List<KeyValue> entries() {
      return span.getAttributesList();
    }

    @Override
    void setEntry(int index, KeyValue kv) {
      WireSpan.setAttribute(span, index, kv);
    }

    @Override
    void addEntry(KeyValue kv) {
      WireSpan.addAttribute(span, kv);
    }

    @Override
    void removeEntry(int index) {
      WireSpan.removeAttribute(span, index);
    }
  }

  /** Resource attributes. */
  public static final class Resources extends AttributeEditor {
    private Resource.Builder resource;

    public Resources on(Resource.Builder resource) {
      this.resource = resource;
      return this;
    }

    @Override
    public List<KeyValue> entries() {
      return resource.getAttributesList();
    }

    @Override
    void setEntry(int index, KeyValue kv) {
      resource.setAttributes(index, kv);
    }

    @Override
    void addEntry(KeyValue kv) {
      resource.addAttributes(kv);
    }

    @Override
    void removeEntry(int index) {
      resource.removeAttributes(index);
    }
  }

  /** Log record attributes. */
  public static final class Logs extends AttributeEditor {
    private LogRecord.Builder record;

    public Logs on(LogRecord.Builder record) {
      this.record = record;
      return this;
    }

    @Override
    public List<KeyValue> entries() {
      return record.getAttributesList();
    }

    @Override
    void setEntry(int index, KeyValue kv) {
      record.setAttributes(index, kv);
    }

    @Override
    void addEntry(KeyValue kv) {
      record.addAttributes(kv);
    }

    @Override
    void removeEntry(int index) {
      record.removeAttributes(index);
    }
  }
}
