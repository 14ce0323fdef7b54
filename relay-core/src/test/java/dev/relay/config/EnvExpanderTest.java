package dev.relay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Collector's reference rules, one by one, with an injected environment. */
class EnvExpanderTest {
  private static final Map<String, String> ENV = Map.of("HOST", "tempo", "PORT", "4317", "EMPTY", "", "DIR", "/etc");

  @TempDir
  Path dir;

  private final List<String> unset = new ArrayList<>();

  private String expand(String text) {
    return new EnvExpander(ENV::get).expand(text, unset::add);
  }

  private static String strict(String text) {
    return new EnvExpander(ENV::get, true).expand(text, name -> { });
  }

  @Test
  void textWithoutReferencesIsKept() {
    assertThat(expand("plain $HOST text")).isEqualTo("plain $HOST text");
  }

  @Test
  void envSchemeAndBareNameAreTheSame() {
    assertThat(expand("${env:HOST}:${PORT}")).isEqualTo("tempo:4317");
    assertThat(expand("http://${HOST}:${env:PORT}/v1")).isEqualTo("http://tempo:4317/v1");
  }

  @Test
  void defaultIsUsedOnlyWhenTheVariableIsUnset() {
    assertThat(expand("${env:NOPE:-fallback}")).isEqualTo("fallback");
    assertThat(expand("${env:NOPE:-}")).isEmpty();
    assertThat(expand("${env:EMPTY:-fallback}")).as("set but empty stays empty, as in the Collector").isEmpty();
    assertThat(expand("${env:HOST:-fallback}")).isEqualTo("tempo");
    assertThat(expand("${env:NOPE:-a:-b}")).as("the default is everything after the first :-").isEqualTo("a:-b");
    assertThat(unset).isEmpty();
  }

  @Test
  void unsetVariableWithoutDefaultIsEmptyAndReported() {
    assertThat(expand("a${NOPE}b${env:ALSO_NOPE}c")).isEqualTo("abc");
    assertThat(unset).containsExactly("NOPE", "ALSO_NOPE");
  }

  @Test
  void aValueThatIsOneReferenceIsWhole() {
    assertThat(EnvExpander.isWholeReference("${env:X}")).isTrue();
    assertThat(EnvExpander.isWholeReference("${file:${env:D}/t}")).isTrue();
    assertThat(EnvExpander.isWholeReference("${X}:4317")).isFalse();
    assertThat(EnvExpander.isWholeReference("${X}${Y}")).isFalse();
    assertThat(EnvExpander.isWholeReference("$${X}")).isFalse();
    assertThat(EnvExpander.isWholeReference("${X")).isFalse();
  }

  @Test
  void strictModeMakesAnUnsetVariableAFault() {
    assertThatThrownBy(() -> strict("${env:TEMPO}")).hasMessage("environment variable TEMPO is not set and"
        + " '${env:TEMPO}' has no default (write ${env:TEMPO:-default})");
    assertThatThrownBy(() -> strict("${TEMPO}")).hasMessage("environment variable TEMPO is not set and"
        + " '${TEMPO}' has no default (write ${env:TEMPO:-default})");
    assertThat(strict("${env:TEMPO:-t}")).isEqualTo("t");
  }

  @Test
  void doubleDollarIsALiteralDollar() {
    assertThat(expand("$$1 and $${HOST} and $$$${HOST}")).isEqualTo("$1 and ${HOST} and $${HOST}");
    assertThat(expand("cost: 5$")).isEqualTo("cost: 5$");
    assertThat(expand("$$${HOST}")).isEqualTo("$tempo");
  }

  @Test
  void referencesNestInnermostFirst() throws Exception {
    Files.writeString(dir.resolve("token"), "s3cret\n");
    Map<String, String> env = Map.of("D", dir.toString(), "NAME", "token");
    assertThat(new EnvExpander(env::get).expand("${file:${env:D}/${NAME}}")).isEqualTo("s3cret");
    assertThat(new EnvExpander(env::get).expand("${env:NOPE:-${NAME}}")).isEqualTo("token");
  }

  @Test
  void fileReferenceIsTheFilesValue() throws Exception {
    Path plain = Files.writeString(dir.resolve("plain"), "s3cret\n");
    Path quoted = Files.writeString(dir.resolve("quoted"), "\"a: b # c\"\n");
    Path number = Files.writeString(dir.resolve("number"), "0123");
    Path empty = Files.writeString(dir.resolve("empty"), "");
    assertThat(expand("${file:" + plain + "}")).isEqualTo("s3cret");
    assertThat(expand("Bearer ${file:" + plain + "}")).isEqualTo("Bearer s3cret");
    assertThat(expand("${file:" + quoted + "}")).isEqualTo("a: b # c");
    assertThat(expand("${file:" + number + "}")).as("as written, not as a number").isEqualTo("0123");
    assertThat(expand("${file:" + empty + "}")).isEmpty();
  }

  @Test
  void fileReferenceFaults() throws Exception {
    Path map = Files.writeString(dir.resolve("map.yaml"), "a: 1\nb: 2\n");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> expand("${file:" + missing + "}"))
        .hasMessage("cannot read '${file:" + missing + "}': no such file");
    assertThatThrownBy(() -> expand("${file:" + map + "}"))
        .hasMessage("'${file:" + map + "}' holds a mapping or a list; Relay takes one value from a file reference");
    // A secret that is not valid YAML: the fault says where, and never quotes it.
    Path secret = Files.writeString(dir.resolve("token"), "\"s3cret-unclosed\n");
    assertThatThrownBy(() -> expand("${file:" + secret + "}"))
        .hasMessageStartingWith("'${file:" + secret + "}' is not one YAML value (line ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }

  @Test
  void otherSchemesAndNamesAreFaults() {
    assertThatThrownBy(() -> expand("${http://example.com/x}")).hasMessage("unsupported reference"
        + " '${http://example.com/x}': Relay reads ${env:VAR}, ${VAR}, ${env:VAR:-default} and ${file:path}");
    assertThatThrownBy(() -> expand("${HOST:-x}")).hasMessage("unsupported reference '${HOST:-x}': a default needs"
        + " the env scheme, as in ${env:HOST:-x}");
    assertThatThrownBy(() -> expand("${env:1BAD}")).hasMessage("invalid environment variable name '1BAD' in"
        + " '${env:1BAD}'");
    assertThatThrownBy(() -> expand("${my var}")).hasMessage("invalid environment variable name 'my var' in"
        + " '${my var}'");
    assertThatThrownBy(() -> expand("x ${env:HOST")).hasMessage("unterminated '${' in \"x ${env:HOST\"");
  }
}
