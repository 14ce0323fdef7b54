package dev.relay.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.component.ComponentId;
import dev.relay.config.ConfigException;
import dev.relay.config.YamlLoader;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.service.RelayConfig;
import dev.relay.service.RelayConfigLoader;
import java.util.List;
import java.util.Map;

/**
 * Loads YAML as {@code relay run} does (every built-in component), with the file named {@code relay.yaml} in
 * messages: {@link #parse} for a config that must load, {@link #faults} for one that must not.
 */
public final class ConfigFixture {
  private ConfigFixture() {}

  public static RelayConfig parse(String yaml) throws ConfigException {
    return parse(yaml, Map.of());
  }

  /** Loads {@code yaml} with {@code env} as the only environment variables. */
  public static RelayConfig parse(String yaml, Map<String, String> env) throws ConfigException {
    return new RelayConfigLoader(BuiltinComponents.all(), new YamlLoader(env::get)).parse("relay.yaml", yaml);
  }

  /** The faults of a config that must be rejected, each as {@code relay.yaml:line: key.path: message}. */
  public static List<String> faults(String yaml) {
    return faults(yaml, Map.of());
  }

  public static List<String> faults(String yaml, Map<String, String> env) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml, env));
    assertThat(e).as("config should be rejected").isNotNull();
    return e.problems().stream().map(Object::toString).toList();
  }

  /** The parsed settings of receiver {@code id}, as its factory returned them. */
  @SuppressWarnings("unchecked")
  public static <C> C receiver(RelayConfig config, String id) {
    return (C) config.receivers().get(ComponentId.parse(id)).config();
  }

  @SuppressWarnings("unchecked")
  public static <C> C processor(RelayConfig config, String id) {
    return (C) config.processors().get(ComponentId.parse(id)).config();
  }

  @SuppressWarnings("unchecked")
  public static <C> C exporter(RelayConfig config, String id) {
    return (C) config.exporters().get(ComponentId.parse(id)).config();
  }
}
