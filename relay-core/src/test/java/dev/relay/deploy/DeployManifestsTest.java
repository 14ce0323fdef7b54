package dev.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.service.RelayConfig;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.config.YamlLoader;
import dev.relay.service.RelayConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Kubernetes manifests in deploy/k8s as they ship: the relay config in each ConfigMap loads as {@code relay
 * validate --strict-env} loads it, with exactly the environment the relay container gets (so a {@code ${env:…}}
 * without a default that the manifest does not set is a fault), and every pod meets Pod Security "restricted".
 */
class DeployManifestsTest {
  private static final Path K8S = Path.of("..", "deploy", "k8s");
  /** The volume types Pod Security "restricted" allows. */
  private static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
      "ephemeral", "persistentVolumeClaim", "projected", "secret");

  static Stream<Path> manifests() throws IOException {
    try (Stream<Path> s = Files.list(K8S)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(files).extracting(p -> p.getFileName().toString()).contains("relay-sidecar.yaml", "gateway.yaml");
      return files.stream();
    }
  }

  private static List<Map<String, Object>> documents(Path file) throws IOException {
    List<Map<String, Object>> docs = new ArrayList<>();
    for (Object doc : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
      if (doc != null) {
        docs.add(map(doc));
      }
    }
    return docs;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o == null ? Map.of() : (Map<String, Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object o) {
    return o == null ? List.of() : (List<Object>) o;
  }

  /** Walks {@code keys} down nested maps; null where one is missing. */
  private static Object at(Map<String, Object> m, String... keys) {
    Object o = m;
    for (String k : keys) {
      if (!(o instanceof Map)) {
        return null;
      }
      o = map(o).get(k);
    }
    return o;
  }

  private static List<Map<String, Object>> kind(List<Map<String, Object>> docs, String kind) {
    return docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
  }

  private static Map<String, Object> podSpec(Map<String, Object> deployment) {
    return map(at(deployment, "spec", "template", "spec"));
  }

  private static List<Map<String, Object>> containers(Map<String, Object> pod) {
    List<Map<String, Object>> all = new ArrayList<>();
    for (String k : List.of("initContainers", "containers")) {
      list(pod.get(k)).forEach(c -> all.add(map(c)));
    }
    return all;
  }

  /** The relay container: the one whose args run a config from the ConfigMap. */
  private static Map<String, Object> relayContainer(Map<String, Object> pod) {
    return containers(pod).stream().filter(c -> "relay".equals(c.get("name"))).findFirst().orElseThrow();
  }

  /**
   * The container's environment as the pod would have it: literal values as given, values from a Secret or the
   * downward API as a stand-in that names where they come from.
   */
  private static Map<String, String> env(Map<String, Object> container) {
    Map<String, String> env = new HashMap<>();
    for (Object e : list(container.get("env"))) {
      Map<String, Object> var = map(e);
      String name = (String) var.get("name");
      env.put(name, var.containsKey("value") ? String.valueOf(var.get("value")) : "from-" + name);
    }
    return env;
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void theConfigMapsRelayConfigLoadsWithTheContainersEnvironment(Path file) throws Exception {
    List<Map<String, Object>> docs = documents(file);
    List<Map<String, Object>> configMaps = kind(docs, "ConfigMap");
    assertThat(configMaps).as(file + ": one ConfigMap").hasSize(1);
    String yaml = (String) at(configMaps.get(0), "data", "relay.yaml");
    assertThat(yaml).as(file + ": data.relay.yaml").isNotBlank();
    List<Map<String, Object>> deployments = kind(docs, "Deployment");
    assertThat(deployments).as(file + ": one Deployment").hasSize(1);
    Map<String, Object> relay = relayContainer(podSpec(deployments.get(0)));

    Map<String, String> env = env(relay);
    RelayConfig config = new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(env::get).strictEnv(true))
        .parse("relay.yaml", yaml);
    assertThat(config.pipelines()).as(file.toString()).isNotEmpty();
    assertThat(relay.get("args")).isEqualTo(List.of("run", "--config", "/etc/relay/relay.yaml"));
    assertThat(list(relay.get("volumeMounts"))).extracting(m -> map(m).get("mountPath")).contains("/etc/relay");
    // Secrets reach the config through the environment from a Secret, never as literals in the manifest.
    assertThat(list(relay.get("env"))).extracting(e -> map(e).get("name")).contains("REDIS_PASSWORD");
    assertThat(at(list(relay.get("env")).stream().map(DeployManifestsTest::map)
        .filter(e -> "REDIS_PASSWORD".equals(e.get("name"))).findFirst().orElseThrow(), "valueFrom", "secretKeyRef"))
        .isNotNull();
    assertThat(kind(docs, "Secret")).hasSize(1);
    long grace = ((Number) podSpec(deployments.get(0)).get("terminationGracePeriodSeconds")).longValue();
    assertThat(Duration.ofSeconds(grace)).as(file + ": the pod's grace period leaves the relay its shutdown_timeout"
        + " (and the preStop pause) before the SIGKILL").isGreaterThan(config.shutdownTimeout().plus(preStop(relay)));
  }

  /** How long a preStop {@code sleep N} holds the container before its SIGTERM. */
  private static Duration preStop(Map<String, Object> container) {
    List<Object> command = list(at(container, "lifecycle", "preStop", "exec", "command"));
    return command.size() == 2 && "sleep".equals(command.get(0))
        ? Duration.ofSeconds(Long.parseLong(String.valueOf(command.get(1)))) : Duration.ZERO;
  }

  /**
   * The compose file is for a workstation: only what a developer opens (OTLP for local apps, the admin server,
   * Grafana) is published, on 127.0.0.1; the relay gets longer than its shutdown_timeout to stop; Grafana's anonymous
   * visitors cannot administer it.
   */
  @Test
  void composePublishesOnLoopbackOnlyAndLetsTheRelayDrain() throws Exception {
    Map<String, Object> compose = map(new Load(LoadSettings.builder().build())
        .loadFromString(Files.readString(Path.of("..", "deploy", "docker-compose.yaml"))));
    Map<String, Object> services = map(compose.get("services"));
    Map<String, List<Object>> published = new HashMap<>();
    services.forEach((name, svc) -> {
      List<Object> ports = list(map(svc).get("ports"));
      if (!ports.isEmpty()) {
        published.put(name, ports);
      }
    });
    assertThat(published.keySet()).containsExactlyInAnyOrder("relay", "grafana");
    published.values().stream().flatMap(List::stream)
        .forEach(p -> assertThat(String.valueOf(p)).as("published port").startsWith("127.0.0.1:"));

    Map<String, Object> relay = map(services.get("relay"));
    RelayConfig image = new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(k -> null))
        .load(Path.of("..", "config", "sidecar.yaml"));
    assertThat(parseSeconds(String.valueOf(relay.get("stop_grace_period"))))
        .as("stop_grace_period above the image config's shutdown_timeout").isGreaterThan(image.shutdownTimeout());
    assertThat(relay.get("depends_on")).as("the relay starts without Tempo and Redis").isNull();
    assertThat(relay.get("read_only")).isEqualTo(true);
    assertThat(relay.get("cap_drop")).isEqualTo(List.of("ALL"));

    Map<String, Object> grafanaEnv = map(at(map(services.get("grafana")), "environment"));
    assertThat(String.valueOf(grafanaEnv.getOrDefault("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer")))
        .as("anonymous Grafana role").isNotEqualToIgnoringCase("Admin").isNotEqualToIgnoringCase("Editor");
    assertThat(grafanaEnv.get("GF_AUTH_DISABLE_LOGIN_FORM")).isNotEqualTo("true");
  }

  private static Duration parseSeconds(String compose) {
    assertThat(compose).matches("[0-9]+s");
    return Duration.ofSeconds(Long.parseLong(compose.substring(0, compose.length() - 1)));
  }

  @ParameterizedTest
  @MethodSource("manifests")
  void everyContainerMeetsPodSecurityRestricted(Path file) throws Exception {
    for (Map<String, Object> deployment : kind(documents(file), "Deployment")) {
      Map<String, Object> pod = podSpec(deployment);
      Map<String, Object> podContext = map(pod.get("securityContext"));
      for (String hostKey : List.of("hostNetwork", "hostPID", "hostIPC")) {
        assertThat(pod.get(hostKey)).as(file + ": " + hostKey).isNotEqualTo(true);
      }
      for (Object v : list(pod.get("volumes"))) {
        Set<String> keys = new java.util.HashSet<>(map(v).keySet());
        keys.remove("name");
        assertThat(RESTRICTED_VOLUMES).as(file + ": volume " + map(v).get("name")).containsAll(keys);
      }
      for (Map<String, Object> c : containers(pod)) {
        String where = file.getFileName() + ": container " + c.get("name");
        Map<String, Object> sc = map(c.get("securityContext"));
        assertThat(sc.getOrDefault("runAsNonRoot", podContext.get("runAsNonRoot"))).as(where + " runAsNonRoot")
            .isEqualTo(true);
        Object uid = sc.getOrDefault("runAsUser", podContext.get("runAsUser"));
        assertThat(uid).as(where + " runAsUser").isNotEqualTo(0);
        assertThat(sc.get("allowPrivilegeEscalation")).as(where + " allowPrivilegeEscalation").isEqualTo(false);
        assertThat(sc.get("privileged")).as(where + " privileged").isNotEqualTo(true);
        assertThat(at(sc, "capabilities", "drop")).as(where + " capabilities.drop").isEqualTo(List.of("ALL"));
        assertThat(at(sc, "capabilities", "add")).as(where + " capabilities.add").isNull();
        Object seccomp = sc.containsKey("seccompProfile") ? at(sc, "seccompProfile", "type")
            : at(podContext, "seccompProfile", "type");
        assertThat(seccomp).as(where + " seccompProfile.type").isIn("RuntimeDefault", "Localhost");
      }
      Map<String, Object> relay = relayContainer(pod);
      String where = file.getFileName() + ": relay";
      assertThat(at(relay, "securityContext", "readOnlyRootFilesystem")).as(where + " readOnlyRootFilesystem")
          .isEqualTo(true);
      assertThat(at(relay, "resources", "limits", "memory")).as(where + " memory limit").isNotNull();
      assertThat(at(relay, "readinessProbe", "httpGet", "path")).as(where + " readiness").isEqualTo("/readyz");
      assertThat(at(relay, "livenessProbe", "httpGet", "path")).as(where + " liveness").isEqualTo("/healthz");
    }
  }

  /** The sidecar's OTLP is for the app in the same pod only: the receivers listen on the pod's loopback. */
  @Test
  void theSidecarReceivesOtlpOnLoopbackOnly() throws Exception {
    List<Map<String, Object>> docs = documents(K8S.resolve("relay-sidecar.yaml"));
    String yaml = (String) at(kind(docs, "ConfigMap").get(0), "data", "relay.yaml");
    Map<String, Object> config = map(new Load(LoadSettings.builder().build()).loadFromString(yaml));
    assertThat(at(config, "receivers", "otlp", "protocols", "grpc", "endpoint")).isEqualTo("127.0.0.1:4317");
    assertThat(at(config, "receivers", "otlp", "protocols", "http", "endpoint")).isEqualTo("127.0.0.1:4318");
    Map<String, Object> relay = relayContainer(podSpec(kind(docs, "Deployment").get(0)));
    assertThat(list(relay.get("ports"))).extracting(p -> map(p).get("containerPort")).containsExactly(13133);
  }
}
