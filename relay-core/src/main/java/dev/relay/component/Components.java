package dev.relay.component;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The registry of component types the relay knows; built once by the application and passed in. An alias is another
 * name for a type of one kind ({@code otlp_grpc} for the {@code otlp} exporter), resolved at lookup: an alias whose
 * type is not registered resolves to nothing, so an alias may be declared before its type's factory exists.
 */
public final class Components {
  private final Map<String, ReceiverFactory<?>> receivers;
  private final Map<String, ProcessorFactory<?>> processors;
  private final Map<String, ExporterFactory<?>> exporters;
  /** By {@code kind:alias}. */
  private final Map<String, String> aliases;

  private static final String RECEIVER = "receiver";
  private static final String PROCESSOR = "processor";
  private static final String EXPORTER = "exporter";

  private Components(Builder b) {
    this.receivers = Map.copyOf(b.receivers);
    this.processors = Map.copyOf(b.processors);
    this.exporters = Map.copyOf(b.exporters);
    this.aliases = Map.copyOf(b.aliases);
  }

  public static Builder builder() {
    return new Builder();
  }

  public ReceiverFactory<?> receiver(String type) {
    return find(receivers, RECEIVER, type);
  }

  public ProcessorFactory<?> processor(String type) {
    return find(processors, PROCESSOR, type);
  }

  public ExporterFactory<?> exporter(String type) {
    return find(exporters, EXPORTER, type);
  }

  /**
   * The type {@code name} is an alias of among the {@code kind}s ({@code receiver}, {@code processor} or
   * {@code exporter}), or null when it is none.
   */
  public String aliasOf(String kind, String name) {
    return aliases.get(kind + ":" + name);
  }

  private <F> F find(Map<String, F> factories, String kind, String type) {
    F f = factories.get(type);
    String target = f == null ? aliases.get(kind + ":" + type) : null;
    return target == null ? f : factories.get(target);
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
    private final Map<String, String> aliases = new LinkedHashMap<>();

    /**
     * Makes {@code alias} another name for the exporter type {@code type}. A registered type always wins over an
     * alias of the same name.
     */
    public Builder exporterAlias(String alias, String type) {
      return alias(EXPORTER, alias, type);
    }

    public Builder receiverAlias(String alias, String type) {
      return alias(RECEIVER, alias, type);
    }

    public Builder processorAlias(String alias, String type) {
      return alias(PROCESSOR, alias, type);
    }

    private Builder alias(String kind, String alias, String type) {
      Objects.requireNonNull(alias, "alias");
      Objects.requireNonNull(type, "type");
      if (aliases.putIfAbsent(kind + ":" + alias, type) != null) {
        throw new IllegalArgumentException(kind + " alias registered twice: " + alias);
      }
      return this;
    }

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
