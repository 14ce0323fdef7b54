package dev.relay.service;

import dev.relay.component.ComponentFactory;
import dev.relay.component.ComponentId;
import dev.relay.component.Components;
import dev.relay.component.ExporterFactory;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.ReceiverFactory;
import dev.relay.component.PipelineId;
import dev.relay.otlp.Signal;
import dev.relay.config.ConfigException;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.config.Problems;
import dev.relay.config.ServerSettings;
import dev.relay.config.YamlLoader;
import dev.relay.admin.ActivityConfig;
import dev.relay.admin.AdminSettings;
import dev.relay.admin.HealthCheckSettings;
import dev.relay.pipeline.Configured;
import dev.relay.pipeline.GraphConfig;
import dev.relay.pipeline.PipelineConfig;
import dev.relay.redis.RedisEndpointProvider;
import dev.relay.redis.RedisNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads a relay configuration file and checks it whole; see {@link RelayConfig}. */
public final class RelayConfigLoader {
  static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

  private final Components components;
  private final YamlLoader yaml;

  public RelayConfigLoader(Components components, YamlLoader yaml) {
    this.components = components;
    this.yaml = yaml;
  }

  public RelayConfig load(Path file) throws ConfigException {
    return load(List.of(file), List.of());
  }

  /**
   * Reads {@code files} merged in order, with {@code sets} ({@code key.path=value}) over them, as the Collector's
   * {@code --config} given more than once and {@code --set}. Faults name the file each key came from.
   */
  public RelayConfig load(List<Path> files, List<String> sets) throws ConfigException {
    Problems problems = new Problems(String.join(", ", files.stream().map(Path::toString).toList()));
    ConfigMap root = yaml.load(files, sets, problems);
    problems.throwIfAny();
    return read(root, problems);
  }

  /** Reads a configuration given as text; {@code name} stands for the file in messages. */
  public RelayConfig parse(String name, String text) throws ConfigException {
    Problems problems = new Problems(name);
    ConfigMap root = yaml.parse(text, problems);
    problems.throwIfAny();
    return read(root, problems);
  }

  private RelayConfig read(ConfigMap root, Problems problems) throws ConfigException {
    Map<String, Set<ComponentId>> refused = new HashMap<>(); // by kind
    var receivers = section(root, "receivers", "receiver", components::receiver, components.receiverTypes(), refused);
    var processors = section(root, "processors", "processor", components::processor, components.processorTypes(),
        refused);
    var exporters = section(root, "exporters", "exporter", components::exporter, components.exporterTypes(), refused);
    ConfigMap connectors = root.map("connectors");
    for (String name : connectors.keys()) {
      connectors.problem(name, Unsupported.refusal("connector", ComponentId.parse(name).type()));
      // A connector is both an exporter and a receiver in the pipelines that name it.
      refused.computeIfAbsent("receiver", k -> new HashSet<>()).add(ComponentId.parse(name));
      refused.computeIfAbsent("exporter", k -> new HashSet<>()).add(ComponentId.parse(name));
    }
    boolean hasService = root.has("service");
    ConfigMap service = root.map("service");
    if (!hasService) {
      root.problem(null, "'service' is required: it lists the pipelines to run");
    }
    Duration shutdownTimeout = service.duration("shutdown_timeout", DEFAULT_SHUTDOWN_TIMEOUT);
    ConfigMap adminMap = service.map("admin");
    boolean adminEndpointSet = adminMap.has("endpoint");
    AdminSettings admin = AdminSettings.parse(adminMap, redisLender(exporters));
    Map<PipelineId, PipelineConfig> pipelines = pipelines(service, hasService, receivers, processors, exporters,
        refused);
    ExtensionsReader.Listed extensions = ExtensionsReader.read(root, service);
    HealthCheckSettings healthCheck = extensions.healthCheck();
    AuthReferences.check(extensions.auth(), receivers.values(), exporters.values(), admin);
    if (healthCheck != null && admin.server() != null && !healthCheck.server().equals(admin.server())
        && healthCheck.server().port() == admin.server().port() && admin.server().port() != 0) {
      // One port, two hosts: both cannot be bound. The admin server keeps its host (loopback by default: /tap and
      // /activity/stream carry data, which a health check on the pod's address must not expose) and takes the
      // next port, unless its endpoint was given.
      if (adminEndpointSet) {
        adminMap.problem("endpoint", "health_check's endpoint " + healthCheck.server().endpoint()
            + " and service.admin.endpoint " + admin.server().endpoint() + " share a port on different hosts: give"
            + " them the same endpoint, or different ports");
      } else {
        ServerSettings moved = new ServerSettings(admin.server().host(), admin.server().port() + 1,
            admin.server().tls());
        service.warning(null, "health_check takes " + healthCheck.server().endpoint() + ", so the admin server"
            + " (/healthz, /readyz, /metrics, /tap, /activity/stream, /monitor) listens on " + moved.endpoint()
            + "; set service.admin.endpoint to choose");
        admin = admin.withServer(moved);
      }
    }
    ServiceTelemetry telemetry = ServiceTelemetry.parse(service.map("telemetry"), admin.server());
    long inFlightBytes = ServiceLimits.inFlightBytes(service.map("limits"));
    service.rejectUnknown();
    root.rejectUnknown();
    problems.throwIfAny();
    return new RelayConfig(problems.file(), new GraphConfig(receivers, processors, exporters, pipelines),
        shutdownTimeout, admin, healthCheck, telemetry,
        problems.warnings().stream().map(Object::toString).toList(), extensions.auth(),
        ConfigHash.of(root.writtenValue()), inFlightBytes);
  }

  /**
   * The first exporter that talks to one Redis lends it to the activity stream, which may have none of its own;
   * what all of them write is what the stream serves by default.
   */
  private static ActivityConfig.Lender redisLender(Map<ComponentId, Configured<ExporterFactory<?>>> exporters) {
    ActivityConfig.Lender lender = null;
    RedisNames written = RedisNames.NONE;
    for (Configured<ExporterFactory<?>> e : exporters.values()) {
      if (lender == null && e.config() instanceof RedisEndpointProvider p && p.redisEndpoint() != null) {
        lender = new ActivityConfig.Lender(p.redisEndpoint(), "exporters." + e.id());
      }
      if (e.config() instanceof RedisNames.Provider p) {
        written = written.plus(p.redisNames());
      }
    }
    return new ActivityConfig.Lender(lender == null ? null : lender.redis(), lender == null ? null : lender.source(),
        written);
  }

  /**
   * Reads one section of components; an id that is not valid, or whose type is unknown or out of scope, is one
   * fault here and is added to {@code refused}, so that pipelines naming it add none.
   */
  private <F extends ComponentFactory<?>> Map<ComponentId, Configured<F>> section(ConfigMap root, String key,
      String kind, Function<String, F> lookup, Collection<String> known, Map<String, Set<ComponentId>> refused) {
    Map<ComponentId, Configured<F>> out = new LinkedHashMap<>();
    ConfigMap section = root.map(key);
    for (String name : section.keys()) {
      ComponentId id = ComponentId.parse(name);
      ConfigNode node = section.get(name);
      String fault = id.fault();
      if (fault != null) {
        section.problem(name, fault);
        refused.computeIfAbsent(kind, k -> new HashSet<>()).add(id);
        continue;
      }
      F factory = lookup.apply(id.type());
      if (factory == null) {
        String refusal = Unsupported.refusal(kind, id.type());
        String alias = components.aliasOf(kind, id.type());
        if (refusal != null) {
          section.problem(name, refusal);
        } else if (alias != null) {
          section.problem(name, "'" + id.type() + "' is the Collector's other name for '" + alias + "', which this"
              + " relay does not have");
        } else {
          section.problem(name, "unknown " + kind + " type '" + id.type() + "'" + (known.isEmpty()
              ? " (this relay has no " + kind + " types yet)" : " (known: " + String.join(", ", known) + ")"));
        }
        refused.computeIfAbsent(kind, k -> new HashSet<>()).add(id);
        continue;
      }
      ConfigMap cfg = node.asMap();
      Object config = factory.parseConfig(cfg);
      out.put(id, new Configured<>(id, factory, config, section.keyLine(name), SettingsDigest.of(node.effectiveValue())));
    }
    return out;
  }

  private Map<PipelineId, PipelineConfig> pipelines(
      ConfigMap service,
      boolean hasService,
      Map<ComponentId, Configured<ReceiverFactory<?>>> receivers,
      Map<ComponentId, Configured<ProcessorFactory<?>>> processors,
      Map<ComponentId, Configured<ExporterFactory<?>>> exporters,
      Map<String, Set<ComponentId>> refused) {
    Map<PipelineId, PipelineConfig> out = new LinkedHashMap<>();
    ConfigMap pipelines = service.map("pipelines");
    if (pipelines.isEmpty() && hasService) {
      service.problem(service.has("pipelines") ? "pipelines" : null,
          "at least one pipeline is required under service.pipelines");
    }
    for (String name : pipelines.keys()) {
      ComponentId raw = ComponentId.parse(name);
      Signal signal = Signal.fromConfigName(raw.type());
      if (signal == null) {
        pipelines.problem(name, "unknown pipeline type '" + raw.type() + "' (known: traces, metrics, logs)");
        pipelines.get(name);
        continue;
      }
      PipelineId id = new PipelineId(signal, raw.name());
      ConfigMap p = pipelines.map(name);
      List<ComponentId> rs = refs(p, "receivers", "receiver", receivers, c -> c.factory().signals(), signal, true,
          refused.getOrDefault("receiver", Set.of()));
      List<ComponentId> ps = refs(p, "processors", "processor", processors, c -> c.factory().signals(), signal, false,
          refused.getOrDefault("processor", Set.of()));
      List<ComponentId> es = refs(p, "exporters", "exporter", exporters, c -> c.factory().signals(), signal, true,
          refused.getOrDefault("exporter", Set.of()));
      p.rejectUnknown();
      out.put(id, new PipelineConfig(id, rs, ps, es));
    }
    return out;
  }

  private static <T> List<ComponentId> refs(ConfigMap pipeline, String key, String kind, Map<ComponentId, T> defined,
      Function<T, Set<Signal>> signals, Signal signal, boolean required, Set<ComponentId> refused) {
    List<ComponentId> out = new ArrayList<>();
    List<ConfigNode> items = pipeline.list(key);
    if (required && items.isEmpty()) {
      pipeline.problem(pipeline.has(key) ? key : null, "a pipeline needs at least one " + kind + " under '" + key + "'");
    }
    for (ConfigNode item : items) {
      String text = item.asString();
      if (text == null) {
        continue;
      }
      ComponentId id = ComponentId.parse(text);
      if (refused.contains(id)) {
        continue; // its one fault is where it is defined
      }
      if (!defined.containsKey(id)) {
        item.problem(kind + " '" + text + "' is not defined under '" + key + "'");
      } else if (!signals.apply(defined.get(id)).contains(signal)) {
        item.problem(kind + " '" + text + "' does not support " + signal.configName() + " pipelines (it supports "
            + signals.apply(defined.get(id)).stream().map(Signal::configName).sorted()
                .collect(java.util.stream.Collectors.joining(", ")) + ")");
      } else if (out.contains(id)) {
        item.problem(kind + " '" + text + "' is listed twice");
      } else {
        out.add(id);
      }
    }
    return out;
  }
}
