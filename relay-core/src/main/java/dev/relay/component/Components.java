package dev.relay.component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** The registry of component types the relay knows; built once by the application and passed in. */
public final class Components {
  private final Map<String, ReceiverFactory<?>> receivers;
  private final Map<String, ProcessorFactory<?>> processors;
  private final Map<String, ExporterFactory<?>> exporters;

  private Components(Builder b) {
    this.receivers = Map.copyOf(b.receivers);
    this.processors = Map.copyOf(b.processors);
    this.exporters = Map.copyOf(b.exporters);
  }

  public static Builder builder() {
    return new Builder();
  }

  public ReceiverFactory<?> receiver(String type) {
    return receivers.get(type);
  }

  public ProcessorFactory<?> processor(String type) {
    return processors.get(type);
  }

  public ExporterFactory<?> exporter(String type) {
    return exporters.get(type);
  }

  public Collection<String> receiverTypes() {
    return receivers.keySet().stream().sorted().toList();
  }

  public Collection<String> processorTypes() {
    return processors.keySet().stream().sorted().toList();
  }

  public Collection<String> exporterTypes() {
    return exporters.keySet().stream().sorted().toList();
  }

  /** Collects factories; a type registered twice is a programming error. */
  public static final class Builder {
    private final Map<String, ReceiverFactory<?>> receivers = new LinkedHashMap<>();
    private final Map<String, ProcessorFactory<?>> processors = new LinkedHashMap<>();
    private final Map<String, ExporterFactory<?>> exporters = new LinkedHashMap<>();

    public Builder receiver(ReceiverFactory<?> f) {
      put(receivers, f);
      return this;
    }

    public Builder processor(ProcessorFactory<?> f) {
      put(processors, f);
      return this;
    }

    public Builder exporter(ExporterFactory<?> f) {
      put(exporters, f);
      return this;
    }

    private static <F extends ComponentFactory<?>> void put(Map<String, F> map, F f) {
      Objects.requireNonNull(f, "factory");
      if (map.putIfAbsent(f.type(), f) != null) {
        throw new IllegalArgumentException("component type registered twice: " + f.type());
      }
    }

    public Components build() {
      return new Components(this);
    }
  }
}
