package dev.relay.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The line that counts dropped lines reads as the relay's other lines do, in either encoding. */
class BackgroundStderrTest {
  @AfterEach
  void consoleAgain() {
    LogSettings.apply("info", false, Map.of());
  }

  @Test
  void aConsoleWarningFromTheRelayLogger() {
    LogSettings.apply("info", false, Map.of("pod", "web-1"));
    assertThat(new String(BackgroundStderr.dropReport(7), StandardCharsets.UTF_8)).matches(
        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) \\[WARN\\] relay - 7 log lines dropped:"
            + " stderr was not keeping up\t\\{\"pod\":\"web-1\"\\}" + System.lineSeparator());
  }

  @Test
  void oneJsonObjectWhenTheLogsAreJson() {
    LogSettings.apply("info", true, Map.of("pod", "web-1"));
    String line = new String(BackgroundStderr.dropReport(7), StandardCharsets.UTF_8);
    assertThat(line).endsWith("}" + System.lineSeparator());
    JsonObject o = JsonParser.parseString(line.strip()).getAsJsonObject();
    assertThat(o.get("level").getAsString()).isEqualTo("warn");
    assertThat(o.get("logger").getAsString()).isEqualTo("relay");
    assertThat(o.get("msg").getAsString()).isEqualTo("7 log lines dropped: stderr was not keeping up");
    assertThat(o.get("pod").getAsString()).isEqualTo("web-1");
  }

  @Test
  void withoutTheWriterFlushReturnsAtOnceAndNothingIsDropped() {
    // This JVM's System.err is not replaced by unit tests: install() is for relay run only.
    assertThat(BackgroundStderr.flush(java.time.Duration.ZERO)).isTrue();
    assertThat(BackgroundStderr.droppedLines()).isZero();
  }
}
