package dev.relay.app;

import static dev.relay.app.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.app.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config} given more than once, {@code --set}, and {@code validate --strict-env}, as the Collector's flags. */
class ConfigSourcesCliTest {
  private static final String NL = System.lineSeparator();
  private static final String BASE = """
      receivers:
        otlp:
          protocols:
            grpc:
              endpoint: 127.0.0.1:4317
      exporters:
        debug:
          verbosity: detailed
      service:
        pipelines:
          traces:
            receivers: [otlp]
            exporters: [debug]
      """;

  @TempDir
  Path dir;

  private Path file(String name, String yaml) throws Exception {
    return Files.writeString(dir.resolve(name), yaml);
  }

  @Test
  void configFilesMergeInOrderAndFaultsNameTheirFile() throws Exception {
    Path base = file("base.yaml", BASE);
    Path good = file("good.yaml", "exporters:\n  debug:\n    verbosity: basic\n");
    Path bad = file("bad.yaml", "exporters:\n  debug:\n    verbosity: loud\n");
    Result ok = run("validate", "--config", base.toString(), "--config", "file:" + good);
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out()).isEqualTo(base + ", " + good + ": valid (1 pipeline)" + NL);

    Result r = run("validate", "--config", base.toString(), "--config", bad.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("relay: invalid configuration (1 fault):" + NL
        + "  " + bad + ":3: exporters.debug.verbosity: 'loud' is not one of basic, normal, detailed" + NL);
    Result laterWins = run("validate", "--config", bad.toString(), "--config", base.toString());
    assertThat(laterWins.code()).as(laterWins.err()).isZero();
  }

  @Test
  void setOverridesTheFilesAndItsFaultsNameIt() throws Exception {
    Path base = file("base.yaml", BASE);
    Result ok = run("validate", "--config", base.toString(), "--set", "exporters.debug.verbosity=basic",
        "--set=service.pipelines.traces.exporters=[debug]");
    assertThat(ok.code()).as(ok.err()).isZero();
    for (String command : new String[] {"validate", "run"}) {
      Result r = run(command, "--config", base.toString(), "--set", "exporters.debug.verbosity=loud");
      assertThat(r.code()).as(command).isEqualTo(2);
      assertThat(r.err()).as(command).isEqualTo("relay: invalid configuration (1 fault):" + NL
          + "  --set: exporters.debug.verbosity: 'loud' is not one of basic, normal, detailed" + NL);
      // A malformed --set is like a YAML syntax fault: reported before the config is read.
      Result malformed = run(command, "--config", base.toString(), "--set", "service.shutdown_timeout");
      assertThat(malformed.code()).as(command).isEqualTo(2);
      assertThat(malformed.err()).as(command).isEqualTo("relay: invalid configuration (1 fault):" + NL
          + "  --set: 'service.shutdown_timeout' has no '=' (write --set key.path=value)" + NL);
    }
  }

  @Test
  void unsetVariableWarnsAndStrictEnvMakesItAFault() throws Exception {
    Path f = file("relay.yaml", BASE.replace("verbosity: detailed", "verbosity: ${env:RELAY_TEST_SURELY_UNSET}"));
    Result lenient = run("validate", "--config", f.toString());
    assertThat(lenient.code()).as(lenient.err()).isZero();
    assertThat(lenient.out()).isEqualTo(f + ": valid (1 pipeline)" + NL);
    assertThat(lenient.err()).isEqualTo("relay: warning: " + f + ":8: exporters.debug.verbosity:"
        + " environment variable RELAY_TEST_SURELY_UNSET is not set; the key counts as given without a value, so its"
        + " default applies (give a default with ${env:RELAY_TEST_SURELY_UNSET:-default})" + NL);

    Result strict = run("validate", "--strict-env", "--config", f.toString());
    assertThat(strict.code()).isEqualTo(2);
    assertThat(strict.err()).isEqualTo("relay: invalid configuration (1 fault):" + NL
        + "  " + f + ":8: exporters.debug.verbosity: environment variable RELAY_TEST_SURELY_UNSET"
        + " is not set and '${env:RELAY_TEST_SURELY_UNSET}' has no default (write"
        + " ${env:RELAY_TEST_SURELY_UNSET:-default})" + NL);
  }
}
