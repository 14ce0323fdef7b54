package dev.relay.app.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

class JsonLogLineTest {
  private static final long TS = 1_796_390_400_123L; // 2026-12-04T13:20:00.123Z

  @Test
  void oneObjectWithTheCollectorsKeyNames() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("service", "relay");
    fields.put("pod", "web-1");
    assertThat(JsonLogLine.render(TS, Level.INFO, "relay", "relay started in 12 ms", null, fields))
        .isEqualTo("{\"level\":\"info\",\"ts\":\"2026-12-04T13:20:00.123Z\",\"logger\":\"relay\","
            + "\"msg\":\"relay started in 12 ms\",\"service\":\"relay\",\"pod\":\"web-1\"}");
  }

  @Test
  void levelsAreLowerCaseAndTraceIsDebug() {
    assertThat(JsonLogLine.render(TS, Level.WARN, "a", "m", null, Map.of())).startsWith("{\"level\":\"warn\",");
    assertThat(JsonLogLine.render(TS, Level.TRACE, "a", "m", null, Map.of())).startsWith("{\"level\":\"debug\",");
  }

  @Test
  void aThrowableIsItsErrorAndStacktraceOnTheSameLine() {
    String line = JsonLogLine.render(TS, Level.ERROR, "a", "failed \"x\"\nagain", new IllegalStateException("boom"),
        Map.of());
    assertThat(line).doesNotContain("\n")
        .contains("\"msg\":\"failed \\\"x\\\"\\nagain\"")
        .contains("\"error\":\"java.lang.IllegalStateException: boom\"")
        .contains("\"stacktrace\":\"java.lang.IllegalStateException: boom\\n\\tat dev.relay.app.logging."
            + "JsonLogLineTest.aThrowableIsItsErrorAndStacktraceOnTheSameLine(");
  }

  @Test
  void consoleLinesCarryTheFieldsAsOneObject() {
    assertThat(JsonLogLine.fieldsSuffix(Map.of())).isEmpty();
    assertThat(JsonLogLine.fieldsSuffix(Map.of("pod", "web-1"))).isEqualTo("\t{\"pod\":\"web-1\"}");
  }
}
