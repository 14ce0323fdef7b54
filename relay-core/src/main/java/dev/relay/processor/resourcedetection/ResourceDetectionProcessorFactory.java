package dev.relay.processor.resourcedetection;

import dev.relay.component.ComponentId;
import dev.relay.component.LogsProcessor;
import dev.relay.component.MetricsProcessor;
import dev.relay.component.ProcessorFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import dev.relay.consumer.LogsConsumer;
import dev.relay.consumer.MetricsConsumer;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code resourcedetection} type, with the Collector's keys for the detectors Relay has ({@code env},
 * {@code system}); the Collector's other detectors, and their settings, are refused by name.
 */
public final class ResourceDetectionProcessorFactory implements ProcessorFactory<ResourceDetectionConfig> {
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  static final List<String> SUPPORTED = List.of("env", "system");
  static final List<String> DEFAULT_HOSTNAME_SOURCES = List.of("dns", "os");
  /** The Collector's detectors that Relay lacks; their names as detectors or as settings keys are refused. */
  static final Set<String> COLLECTOR_ONLY = Set.of("akamai", "aks", "alibaba_ecs", "azure", "azurecontainerapps",
      "consul", "digitalocean", "docker", "ec2", "ecs", "eks", "elasticbeanstalk", "gcp", "heroku", "hetzner",
      "ibmcloud_classic", "ibmcloud_vpc", "k8s_api", "k8snode", "kubeadm", "lambda", "nova", "openshift",
      "oraclecloud", "scaleway", "tencent_cvm", "upcloud", "vultr");
  private static final List<String> SYSTEM_ATTRIBUTES =
      List.of(SystemDetector.HOST_NAME, SystemDetector.OS_TYPE, SystemDetector.HOST_ID);

  @Override
  public String type() {
    return "resourcedetection";
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }

  @Override
  public ResourceDetectionConfig parseConfig(ConfigMap cfg) {
    Set<String> detectors = new LinkedHashSet<>();
    for (ConfigNode n : cfg.list("detectors")) {
      String name = n.asString();
      if (name == null) {
        continue;
      }
      if (SUPPORTED.contains(name)) {
        detectors.add(name);
      } else {
        n.problem("detector '" + name + "' is not supported by Relay (supported: " + String.join(", ", SUPPORTED)
            + ")");
      }
    }
    boolean override = cfg.bool("override", true);
    Duration timeout = cfg.duration("timeout", DEFAULT_TIMEOUT);
    if (!cfg.duration("refresh_interval", Duration.ZERO).isZero()) {
      cfg.problem("refresh_interval", "is not supported by Relay: detection runs once, at start");
    }
    ConfigMap system = cfg.map("system");
    List<String> sources = hostnameSources(system);
    Set<String> attributes = systemAttributes(system.map("resource_attributes"));
    system.rejectUnknown();
    for (String key : cfg.keys()) {
      if (COLLECTOR_ONLY.contains(key)) {
        cfg.get(key);
        cfg.problem(key, "settings for detector '" + key + "', which is not supported by Relay (supported: "
            + String.join(", ", SUPPORTED) + ")");
      }
    }
    cfg.rejectUnknown();
    return new ResourceDetectionConfig(List.copyOf(detectors), override, timeout, sources, attributes,
        cfg.environment());
  }

  private static List<String> hostnameSources(ConfigMap system) {
    if (!system.has("hostname_sources")) {
      system.get("hostname_sources");
      return DEFAULT_HOSTNAME_SOURCES;
    }
    List<String> sources = new ArrayList<>();
    for (ConfigNode n : system.list("hostname_sources")) {
      String s = n.asString();
      if (s == null) {
        continue;
      }
      if (DEFAULT_HOSTNAME_SOURCES.contains(s)) {
        sources.add(s);
      } else if (s.equals("cname") || s.equals("lookup")) {
        n.problem("hostname source '" + s + "' is not supported by Relay (supported: dns, os)");
      } else {
        n.problem("hostname_sources contains invalid value: \"" + s + "\"");
      }
    }
    return sources.isEmpty() ? DEFAULT_HOSTNAME_SOURCES : sources;
  }

  /** The attributes the system detector sets: host.name and os.type unless disabled, host.id if enabled. */
  private static Set<String> systemAttributes(ConfigMap settings) {
    Set<String> enabled = new LinkedHashSet<>(List.of(SystemDetector.HOST_NAME, SystemDetector.OS_TYPE));
    for (String name : settings.keys()) {
      ConfigMap attribute = settings.map(name);
      boolean on = attribute.bool("enabled", !name.equals(SystemDetector.HOST_ID)
          && SYSTEM_ATTRIBUTES.contains(name));
      attribute.rejectUnknown();
      if (SYSTEM_ATTRIBUTES.contains(name)) {
        if (on) {
          enabled.add(name);
        } else {
          enabled.remove(name);
        }
      } else if (on) {
        settings.problem(name, "resource attribute '" + name + "' of the system detector is not supported by Relay"
            + " (supported: " + String.join(", ", SYSTEM_ATTRIBUTES) + ")");
      }
    }
    return enabled;
  }

  private static List<Detector> detectors(ResourceDetectionConfig config) {
    List<Detector> out = new ArrayList<>();
    for (String name : config.detectors()) {
      out.add(name.equals("env") ? new EnvDetector(config.environment())
          : new SystemDetector(config.hostnameSources(), config.systemAttributes()));
    }
    return out;
  }

  @Override
  public TracesProcessor createTracesProcessor(
      ComponentId id, ResourceDetectionConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new ResourceDetectionProcessor(id, config, detectors(config), next, null, null);
  }

  @Override
  public LogsProcessor createLogsProcessor(
      ComponentId id, ResourceDetectionConfig config, LogsConsumer next, TelemetrySettings telemetry) {
    return new ResourceDetectionProcessor(id, config, detectors(config), null, next, null);
  }

  @Override
  public MetricsProcessor createMetricsProcessor(
      ComponentId id, ResourceDetectionConfig config, MetricsConsumer next, TelemetrySettings telemetry) {
    return new ResourceDetectionProcessor(id, config, detectors(config), null, null, next);
  }
}
