package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.config.Secret;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.component.ComponentId;
import dev.relay.config.ConfigException;
import dev.relay.config.YamlLoader;
import dev.relay.exporter.otlp.OtlpExporterConfig;
import dev.relay.testing.ConfigFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several {@code --config} files merged in order and {@code --set} over them, as the Collector's confmap merges:
 * maps deeply, lists and values replaced; and faults and warnings that name the file (and line) a key came from.
 */
class ConfigSourcesTest {
  private static final String BASE = """
      receivers:
        otlp:
          protocols:
            grpc:
              endpoint: 127.0.0.1:4317
      exporters:
        otlp/tempo:
          endpoint: tempo:4317
          timeout: 5s
        debug:
      service:
        shutdown_timeout: 3s
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [otlp/tempo, debug]
      """;

  @TempDir
  Path dir;

  private Path file(String name, String yaml) throws Exception {
    return Files.writeString(dir.resolve(name), yaml);
  }

  private static RelayConfig load(Map<String, String> env, List<Path> files, List<String> sets) throws ConfigException {
    return new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(env::get)).load(files, sets);
  }

  private static List<String> faults(Map<String, String> env, List<Path> files, List<String> sets) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(env, files, sets));
    assertThat(e).as("config should be rejected").isNotNull();
    return e.problems().stream().map(Object::toString).toList();
  }

  @Test
  void laterFilesMergeMapsDeeplyAndReplaceListsAndValues() throws Exception {
    Path base = file("base.yaml", BASE);
    Path over = file("over.yaml", """
        exporters:
          otlp/tempo:
            endpoint: tempo.prod:4317
        service:
          pipelines:
            traces:
              exporters: [otlp/tempo]
        """);
    RelayConfig cfg = load(Map.of(), List.of(base, over), List.of());
    OtlpExporterConfig otlp = ConfigFixture.exporter(cfg, "otlp/tempo");
    assertThat(otlp.target()).isEqualTo("tempo.prod:4317");
    assertThat(otlp.helper().timeout()).as("kept from the first file").isEqualTo(Duration.ofSeconds(5));
    assertThat(cfg.pipelines().values().iterator().next().exporters()).as("the list is replaced, not appended")
        .containsExactly(ComponentId.parse("otlp/tempo"));
    assertThat(cfg.shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(cfg.file()).isEqualTo(base + ", " + over);
  }

  @Test
  void setOverridesTheFilesWithYamlValues() throws Exception {
    Path base = file("base.yaml", BASE);
    RelayConfig cfg = load(Map.of(), List.of(base), List.of(
        "exporters.otlp/tempo.endpoint=tempo.other:4317",
        "service.shutdown_timeout = 7s",
        "service.pipelines.traces.exporters=[debug]",
        "exporters.otlp/tempo.headers={X-Scope-OrgID: acme}"));
    OtlpExporterConfig otlp = ConfigFixture.exporter(cfg, "otlp/tempo");
    assertThat(otlp.target()).isEqualTo("tempo.other:4317");
    assertThat(otlp.headers()).containsExactly(Map.entry("x-scope-orgid", Secret.of("acme")));
    assertThat(cfg.shutdownTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(cfg.pipelines().values().iterator().next().exporters()).containsExactly(ComponentId.parse("debug"));
  }

  @Test
  void laterSetWins() throws Exception {
    RelayConfig cfg = load(Map.of(), List.of(file("base.yaml", BASE)),
        List.of("service.shutdown_timeout=1s", "service.shutdown_timeout=2s"));
    assertThat(cfg.shutdownTimeout()).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void faultsNameTheFileAndLineEachKeyCameFrom() throws Exception {
    Path base = file("base.yaml", BASE);
    Path over = file("over.yaml", """
        exporters:
          otlp/tempo:
            timout: 5s
        """);
    assertThat(faults(Map.of(), List.of(base, over), List.of("exporters.debug.verbosity=loud"))).containsExactly(
        over + ":3: exporters.otlp/tempo.timout: unknown key 'timout' (known keys here: auth, compression, compression_params, endpoint,"
            + " headers, retry_on_failure, sending_queue, timeout, tls)",
        "--set: exporters.debug.verbosity: 'loud' is not one of basic, normal, detailed");
  }

  @Test
  void malformedSetAndMissingFileAreFaults() throws Exception {
    Path base = file("base.yaml", BASE);
    Path missing = dir.resolve("missing.yaml");
    assertThat(faults(Map.of(), List.of(base, missing), List.of("exporters.debug", "a..b=1"))).containsExactly(
        missing + ": no such file",
        "--set: 'exporters.debug' has no '=' (write --set key.path=value)",
        "--set: 'a..b' is not a dotted key path (write --set key.path=value)");
    // A value typed where the key goes, or that is not YAML, may be a secret: it is never quoted.
    assertThat(faults(Map.of(), List.of(base), List.of("exporters.otlp.headers.authorization:Bearer tok-1",
        "exporters.otlp/tempo.headers.authorization=[tok-2"))).containsExactly(
        "--set: a --set flag has no '=' (write --set key.path=value)",
        "--set: 'exporters.otlp/tempo.headers.authorization': the value is not one YAML value");
  }

  @Test
  void unsetVariableIsEmptyWithOneWarningNamingWhereItIsUsed() throws Exception {
    Path base = file("base.yaml", BASE.replace("tempo:4317", "tempo${TEMPO_SUFFIX}:4317"));
    Path over = file("over.yaml", """
        exporters:
          otlp/tempo:
            headers:
              X-Scope-OrgID: ${env:TENANT}
              X-Other: ${env:TENANT}
        """);
    RelayConfig cfg = load(Map.of(), List.of(base, over), List.of());
    OtlpExporterConfig otlp = ConfigFixture.exporter(cfg, "otlp/tempo");
    assertThat(otlp.target()).isEqualTo("tempo:4317");
    assertThat(cfg.warnings()).map(Object::toString).containsExactlyInAnyOrder(
        base + ":8: exporters.otlp/tempo.endpoint: environment variable TEMPO_SUFFIX is not set; it expands to an"
            + " empty string (give a default with ${env:TEMPO_SUFFIX:-default})",
        over + ":4: exporters.otlp/tempo.headers.X-Scope-OrgID: environment variable TENANT is not set; the key"
            + " counts as given without a value, so its default applies (give a default with ${env:TENANT:-default})");
    assertThat(otlp.headers()).containsOnly(Map.entry("x-scope-orgid", Secret.of("")), Map.entry("x-other", Secret.of("")));
  }

  @Test
  void strictEnvMakesAnUnsetVariableAFaultAtItsLine() throws Exception {
    Path base = file("base.yaml", BASE.replace("tempo:4317", "${env:TEMPO_HOST}"));
    ConfigException e = catchThrowableOfType(ConfigException.class, () ->
        new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(k -> null).strictEnv(true))
            .load(List.of(base), List.of()));
    assertThat(e.problems()).map(Object::toString).containsExactly(base + ":8: exporters.otlp/tempo.endpoint:"
        + " environment variable TEMPO_HOST is not set and '${env:TEMPO_HOST}' has no default (write"
        + " ${env:TEMPO_HOST:-default})");
  }

  @Test
  void aValueThatIsOnlyAnUnsetVariableIsNoValueSoTheDefaultApplies() throws Exception {
    Path base = file("base.yaml", BASE.replace("shutdown_timeout: 3s", "shutdown_timeout: ${env:SHUTDOWN}")
        .replace("  debug:\n", "  debug: ${DEBUG_SETTINGS}\n"));
    RelayConfig cfg = load(Map.of("DEBUG_SETTINGS", ""), List.of(base), List.of());
    assertThat(cfg.shutdownTimeout()).isEqualTo(RelayConfigLoader.DEFAULT_SHUTDOWN_TIMEOUT);
    assertThat(cfg.exporters()).containsKey(ComponentId.parse("debug"));
    assertThat(cfg.warnings()).map(Object::toString).containsExactly(base + ":12: service.shutdown_timeout:"
        + " environment variable SHUTDOWN is not set; the key counts as given without a value, so its default applies"
        + " (give a default with ${env:SHUTDOWN:-default})");
  }

  @Test
  void warningsOfARejectedConfigAreKeptWithItsFaults() throws Exception {
    Path base = file("base.yaml", BASE.replace("127.0.0.1:4317", "127.0.0.1:${env:GRPC_PORT}"));
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load(Map.of(), List.of(base), List.of()));
    assertThat(e.problems()).map(Object::toString).containsExactly(base + ":5: receivers.otlp.protocols.grpc.endpoint:"
        + " '127.0.0.1:' is not a host:port endpoint (e.g. 0.0.0.0:4317)");
    assertThat(e.warnings()).map(Object::toString).containsExactly(base + ":5: receivers.otlp.protocols.grpc.endpoint:"
        + " environment variable GRPC_PORT is not set; it expands to an empty string (give a default with"
        + " ${env:GRPC_PORT:-default})");
  }
}
