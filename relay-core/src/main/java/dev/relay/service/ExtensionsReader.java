package dev.relay.service;

import dev.relay.admin.HealthCheckSettings;
import dev.relay.auth.AuthExtensionSettings;
import dev.relay.auth.AuthExtensions;
import dev.relay.component.ComponentId;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the top-level {@code extensions} section and {@code service.extensions}, the list of those to run, as the
 * Collector does. {@code health_check} is served by the admin server; {@code pprof} and {@code zpages} are accepted
 * with a warning naming what Relay offers instead; the auth extensions {@code bearertokenauth} and {@code basicauth}
 * are read for the components that reference them; other Collector auth types are refused as not supported, and
 * other types as unknown. An extension that is defined but not listed does not run.
 */
final class ExtensionsReader {
  static final String HEALTH_CHECK = "health_check";
  private static final List<String> KNOWN = List.of("basicauth", "bearertokenauth", HEALTH_CHECK, "pprof", "zpages");
  private static final Map<String, String> INSTEAD = Map.of(
      "pprof", "pprof is accepted but not served: Relay runs on the JVM; profile it with JFR (jcmd <pid> JFR.start)"
          + " and read its meters at /metrics on the admin server",
      "zpages", "zpages is accepted but not served: the admin server has /metrics (meters), /readyz (each"
          + " component's state) and /tap (live data through a pipeline)");

  private ExtensionsReader() {}

  /**
   * The extensions listed in {@code service.extensions}: the {@code health_check} to serve (null: none) and the
   * auth extensions by id.
   */
  record Listed(HealthCheckSettings healthCheck, Map<String, AuthExtensionSettings> auth) {}

  static Listed read(ConfigMap root, ConfigMap service) {
    ConfigMap section = root.map("extensions");
    Map<ComponentId, HealthCheckSettings> healthChecks = new LinkedHashMap<>();
    Map<ComponentId, AuthExtensionSettings> auths = new LinkedHashMap<>();
    Map<String, AuthExtensionSettings> listedAuth = new LinkedHashMap<>();
    Set<ComponentId> defined = new HashSet<>();
    Set<ComponentId> refused = new HashSet<>();
    Set<String> warned = new HashSet<>();
    for (String name : section.keys()) {
      ComponentId id = ComponentId.parse(name);
      String fault = id.fault();
      if (fault != null) {
        section.problem(name, fault);
        refused.add(id);
        continue;
      }
      String refusal = Unsupported.refusal("extension", id.type());
      if (id.type().equals(HEALTH_CHECK)) {
        healthChecks.put(id, HealthCheckSettings.parse(section.map(name)));
      } else if (AuthExtensions.isAuthType(id.type())) {
        auths.put(id, AuthExtensions.parse(id.type(), id.toString(), section.map(name)));
      } else if (INSTEAD.containsKey(id.type())) {
        section.get(name);
        if (warned.add(id.type())) {
          section.warning(name, INSTEAD.get(id.type()));
        }
      } else {
        section.problem(name, refusal != null ? refusal
            : "unknown extension type '" + id.type() + "' (known: " + String.join(", ", KNOWN) + ")");
        refused.add(id);
        continue;
      }
      defined.add(id);
    }
    HealthCheckSettings serve = null;
    List<ComponentId> listed = new ArrayList<>();
    for (ConfigNode item : service.list("extensions")) {
      String text = item.asString();
      if (text == null) {
        continue;
      }
      ComponentId id = ComponentId.parse(text);
      if (refused.contains(id)) {
        continue; // its fault is reported where it is defined
      }
      if (!defined.contains(id)) {
        item.problem("extension '" + text + "' is not defined under 'extensions'");
      } else if (listed.contains(id)) {
        item.problem("extension '" + text + "' is listed twice");
      } else {
        listed.add(id);
        if (auths.containsKey(id)) {
          listedAuth.put(id.toString(), auths.get(id));
        }
        HealthCheckSettings h = healthChecks.get(id);
        if (h != null && serve != null) {
          item.problem("Relay serves one health_check; '" + text + "' is a second one");
        } else if (h != null) {
          serve = h;
        }
      }
    }
    return new Listed(serve, listedAuth);
  }
}
