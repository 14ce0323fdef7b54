package dev.relay.processor.resourcedetection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code OTEL_RESOURCE_ATTRIBUTES} read as the Collector's env detector reads it. */
class EnvDetectorTest {
  @Test
  void pairsAreTrimmedAndValuesPercentDecoded() {
    assertThat(EnvDetector.parse(" service.name=shop, team = core ,note=a%2Cb+c%3D,empty="))
        .containsExactly(Map.entry("service.name", "shop"), Map.entry("team", "core"), Map.entry("note", "a,b c="),
            Map.entry("empty", ""));
    assertThat(EnvDetector.parse("k=1,k=2")).containsExactly(Map.entry("k", "2"));
  }

  @Test
  void malformedValuesAreFaults() {
    assertThatThrownBy(() -> EnvDetector.parse("novalue")).hasMessage("invalid resource format: \"novalue\"");
    assertThatThrownBy(() -> EnvDetector.parse("a=1,junk")).hasMessage("invalid resource format, invalid text:"
        + " \"junk\"");
    assertThatThrownBy(() -> EnvDetector.parse("a=%zz")).hasMessageStartingWith(
        "invalid resource format in attribute: \"a=%zz\"");
  }

  @Test
  void readsTheVariableOrTheOldOne() throws Exception {
    Map<String, String> env = Map.of("OTEL_RESOURCE_ATTRIBUTES", "  ", "OTEL_RESOURCE", "a=b");
    assertThat(new EnvDetector(env::get).detect()).isEqualTo(Map.of("a", "b"));
    assertThat(new EnvDetector(Map.of("OTEL_RESOURCE_ATTRIBUTES", "x=y", "OTEL_RESOURCE", "a=b")::get).detect())
        .isEqualTo(Map.of("x", "y"));
    assertThat(new EnvDetector(name -> null).detect()).isEmpty();
  }
}
