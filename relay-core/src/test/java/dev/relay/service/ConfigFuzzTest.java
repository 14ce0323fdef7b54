package dev.relay.service;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.component.Components;
import dev.relay.config.ConfigException;
import dev.relay.config.YamlLoader;

/**
 * The YAML config loader on any text: it loads, or reports faults ({@link ConfigException}); no other exception
 * escapes, whatever the nesting, anchors or types.
 */
class ConfigFuzzTest {
  private static final Components COMPONENTS = BuiltinComponents.all();

  @FuzzTest(maxDuration = "10s")
  void load(byte[] input) {
    String yaml = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    try {
      new RelayConfigLoader(COMPONENTS, new YamlLoader(name -> null)).parse("fuzz.yaml", yaml);
    } catch (ConfigException e) {
      // faults, with their lines
    }
  }
}
