package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ExtractGrokPatterns} as contrib's func_extract_grok_patterns_test.go has it (whole maps, typed values),
 * plus what the conformance table cannot say in one line: every library pattern compiles under RE2/J, duplicate
 * capture names, the {@code :type} suffixes, and the errors.
 */
class ExtractGrokPatternsTest {
  private static Object eval(String expression, String text) throws OttlException {
    Getter<SpanContext> g = SpanPaths.compiler().value(expression);
    Span.Builder span = Span.newBuilder().addAttributes(KeyValue.newBuilder().setKey("text")
        .setValue(AnyValue.newBuilder().setStringValue(text)));
    return g.get(new SpanContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(), span));
  }

  private static Map<String, Object> grok(String args, String text) throws OttlException {
    AttributeMap m = (AttributeMap) eval("ExtractGrokPatterns(attributes[\"text\"], " + args + ")", text);
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : m.entries()) {
      out.put(kv.getKey(), Values.fromAny(kv.getValue()));
    }
    return out;
  }

  @Test
  void contribsPatternCases() throws OttlException {
    assertThat(grok("\"^a=(?P<a>\\\\w+)\\\\s+c=(?P<c>\\\\w+)$\"", "a=b c=d")).isEqualTo(Map.of("a", "b", "c", "d"));
    assertThat(grok("\"^a=(?P<a>\\\\w+)$\"", "a=b c=d")).isEmpty();
    assertThat(grok("\"%{URI}\"", "http://user:password@example.com:80/path?query=string")).isEqualTo(Map.of(
        "URI", "http://user:password@example.com:80/path?query=string", "URIPROTO", "http", "USER", "user",
        "USERNAME", "user", "URIHOST", "example.com:80", "IPORHOST", "example.com", "HOSTNAME", "example.com",
        "POSINT", "80", "URIPATH", "/path", "URIQUERY", "query=string"));
    assertThat(grok("\"%{ELB_URI}\", true", "http://user:password@example.com:80/path?query=string"))
        .isEqualTo(Map.of("url.scheme", "http", "url.username", "user", "url.domain", "example.com",
            "url.port", 80L, "url.path", "/path", "url.query", "query=string"));
    assertThat(grok("\"%{DATESTAMP:timestamp} %{TZ:event.timezone} %{DATA:user.name}"
        + " %{GREEDYDATA:postgresql.log.connection_id} %{POSINT:process.pid:int}\", true",
        "2024-06-18 12:34:56 UTC johndoe 12345 67890")).isEqualTo(Map.of("timestamp", "24-06-18 12:34:56",
            "event.timezone", "UTC", "user.name", "johndoe", "postgresql.log.connection_id", "12345",
            "process.pid", 67890L));
    assertThat(grok("\"%{MYPATTERN}\", true, [\"MYPATTERN=%{MYDATEPATTERN:timestamp} otel\","
        + " \"MYDATEPATTERN=%{DATE}[- ]%{TIME}\"]", "2024-06-18 12:34:56 otel"))
        .isEqualTo(Map.of("timestamp", "24-06-18 12:34:56"));
  }

  @Test
  void namedArgumentsSkipNamedCapturesOnly() throws OttlException {
    assertThat(grok("\"%{MY}\", patternDefinitions = [\"MY=%{INT:n:int}-%{WORD}\"]", "7-x"))
        .isEqualTo(Map.of("MY", "7-x", "n", 7L, "WORD", "x"));
    assertThat(grok("pattern = \"%{INT:n:long}\", namedCapturesOnly = true", "-12")).isEqualTo(Map.of("n", -12L));
  }

  @Test
  void typeSuffixesConvertAsGoStrconvDoes() throws OttlException {
    String pattern = "\"%{NUMBER:f:float} %{NUMBER:d:double} %{WORD:b:bool} %{WORD:s:string} %{WORD:w}\", true";
    assertThat(grok(pattern, "1.5 -2 True x y"))
        .isEqualTo(Map.of("f", 1.5, "d", -2.0, "b", true, "s", "x", "w", "y"));
    assertThat(grok("\"%{WORD:b:boolean}\", true", "f")).isEqualTo(Map.of("b", false));
    assertThatThrownBy(() -> grok("\"%{WORD:b:bool}\", true", "yes")).isInstanceOf(OttlRuntimeException.class)
        .hasMessage("ExtractGrokPatterns: strconv.ParseBool: parsing \"yes\": invalid syntax");
    assertThatThrownBy(() -> grok("\"%{NOTSPACE:n:int}\", true", "1.5")).isInstanceOf(OttlRuntimeException.class)
        .hasMessage("ExtractGrokPatterns: strconv.Atoi: parsing \"1.5\": invalid syntax");
    assertThatThrownBy(() -> grok("\"%{NOTSPACE:n:int}\", true", "99999999999999999999"))
        .hasMessage("ExtractGrokPatterns: strconv.Atoi: parsing \"99999999999999999999\": value out of range");
    assertThatThrownBy(() -> grok("\"%{NOTSPACE:n:float}\", true", "1d"))
        .hasMessage("ExtractGrokPatterns: strconv.ParseFloat: parsing \"1d\": invalid syntax");
    assertThatThrownBy(() -> grok("\"%{WORD:my.n:number}\", true", "x")).isInstanceOf(OttlRuntimeException.class)
        .hasMessage("ExtractGrokPatterns: invalid type for my___n: type not specified");
  }

  @Test
  void emptyAndUnmatchedCapturesAreLeftOutAndALaterSameNameWins() throws OttlException {
    // DATE is DATE_US|DATE_EU: both halves name MONTHNUM, MONTHDAY and YEAR, which Go allows and RE2/J does not
    assertThat(grok("\"%{DATE}\"", "18-06-2024")).isEqualTo(Map.of("DATE", "18-06-2024", "DATE_EU", "18-06-2024",
        "MONTHDAY", "18", "MONTHNUM", "06", "YEAR", "2024"));
    assertThat(grok("\"%{WORD:a}-%{SPACE:b}-(?P<a>\\\\d*)\", true", "x--7")).isEqualTo(Map.of("a", "7"));
    assertThat(grok("\"%{WORD:a}-(?P<a>\\\\d*)\", true", "x-")).isEqualTo(Map.of("a", "x"));
    assertThat(grok("\"(.*)\"", "foobar")).isEmpty();
  }

  @Test
  void errorsAreContribs() {
    assertThatThrownBy(() -> grok("\"(\"", "foobar")).isInstanceOf(OttlException.class).hasMessage(
        "ExtractGrokPatterns: the regex pattern supplied to ExtractGrokPatterns \"(\" is not a valid pattern:"
            + " error parsing regexp: missing closing )");
    assertThatThrownBy(() -> grok("\"%{NOPE}\"", "x")).isInstanceOf(OttlException.class).hasMessage(
        "ExtractGrokPatterns: the regex pattern supplied to ExtractGrokPatterns \"%{NOPE}\" is not a valid pattern:"
            + " pattern definition \"NOPE\" unknown: parsing failed");
    assertThatThrownBy(() -> grok("\"%{URI}\", false, [\"PAT:TERN=invalid\"]", "x"))
        .isInstanceOf(OttlException.class).hasMessage("ExtractGrokPatterns: pattern ID \"PAT:TERN\" should not"
            + " contain ':'");
    assertThatThrownBy(() -> grok("\"%{URI}\", false, [\"A=x\", \"NOEQUALSSIGNINTHISONE\"]", "x"))
        .isInstanceOf(OttlException.class).hasMessage("ExtractGrokPatterns: pattern \"NOEQUALSSIGNINTHI...\""
            + " supplied to ExtractGrokPatterns at index 1 has incorrect format, expecting PATTERNNAME=pattern"
            + " definition");
    assertThatThrownBy(() -> grok("\"%{URI}\", true", "x")).isInstanceOf(OttlException.class).hasMessage(
        "ExtractGrokPatterns: at least 1 named capture group must be supplied in the given regex");
    assertThatThrownBy(() -> grok("\"%{A}\", false, [\"A=%{B}\", \"B=x%{A}\"]", "x"))
        .isInstanceOf(OttlException.class).hasMessageEndingWith("pattern definition \"A\" refers to itself");
    StringBuilder doubling = new StringBuilder("\"%{P0}\", false, [\"P30=x\"");
    for (int i = 0; i < 30; i++) {
      doubling.append(", \"P").append(i).append("=%{P").append(i + 1).append("}%{P").append(i + 1).append("}\"");
    }
    assertThatThrownBy(() -> grok(doubling + "]", "x")).isInstanceOf(OttlException.class)
        .hasMessageEndingWith("it expands to more than 1048576 characters");
    assertThatThrownBy(() -> grok("attributes[\"p\"]", "x")).isInstanceOf(OttlException.class)
        .hasMessageStartingWith("ExtractGrokPatterns: the pattern must be a string literal");
    assertThatThrownBy(() -> grok("\"%{URI}\", false, [attributes[\"p\"]]", "x")).isInstanceOf(OttlException.class)
        .hasMessageStartingWith("ExtractGrokPatterns: patternDefinitions must be a list of string literals");
  }

  @Test
  void aTargetThatIsNotAStringFails() {
    for (String target : new String[] {"attributes[\"missing\"]", "123"}) {
      assertThatThrownBy(() -> eval("ExtractGrokPatterns(" + target + ", \"%{URI}\")", "x"))
          .isInstanceOf(OttlRuntimeException.class).hasMessageStartingWith("ExtractGrokPatterns expects a string");
    }
  }

  @Test
  void everyLibraryPatternCompilesUnderRe2j() throws Exception {
    List<String> names = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        GrokLibrary.class.getResourceAsStream("grok-patterns.txt"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.startsWith("#") && line.indexOf(' ') > 0) {
          names.add(line.substring(0, line.indexOf(' ')));
        }
      }
    }
    assertThat(names).hasSize(245);
    List<String> failed = new ArrayList<>();
    for (String name : names) {
      for (boolean namedOnly : new boolean[] {false, true}) {
        try {
          GrokExpression.compile("%{" + name + "}", Map.of(), namedOnly);
        } catch (GrokExpression.GrokException e) {
          failed.add(name + " (namedCapturesOnly=" + namedOnly + "): " + e.getMessage());
        }
      }
    }
    // go-grok's own CISCOFW733100 has a typo ("%{DATA:[cisco...}") that opens a character class, so Go's regexp
    // refuses it too
    assertThat(failed).hasSize(2).allMatch(f -> f.startsWith("CISCOFW733100 "));
  }

  @Test
  void aCombinedApacheLogLine() throws OttlException {
    String line = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326"
        + " \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";
    assertThat(grok("\"%{COMBINEDAPACHELOG}\", true", line)).isEqualTo(Map.ofEntries(
        Map.entry("source.address", "127.0.0.1"), Map.entry("user.name", "frank"),
        Map.entry("timestamp", "10/Oct/2000:13:55:36 -0700"), Map.entry("http.request.method", "GET"),
        Map.entry("url.original", "/apache_pb.gif"), Map.entry("http.version", "1.0"),
        Map.entry("http.response.status_code", 200L), Map.entry("http.response.body.size", 2326L),
        Map.entry("http.request.referrer", "http://www.example.com/start.html"),
        Map.entry("user_agent.original", "Mozilla/4.08 [en] (Win98; I ;Nav)")));
  }
}
