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
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code UserAgent} on every case of contrib's func_user_agent_test.go, whole maps compared. */
class UserAgentTest {
  private static Object eval(String expression, String ua) throws OttlException {
    Getter<SpanContext> g = SpanPaths.compiler().value(expression);
    Span.Builder span = Span.newBuilder().addAttributes(KeyValue.newBuilder().setKey("ua")
        .setValue(AnyValue.newBuilder().setStringValue(ua)));
    return g.get(new SpanContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(), span));
  }

  private static Map<String, Object> userAgent(String ua) throws OttlException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : ((AttributeMap) eval("UserAgent(attributes[\"ua\"])", ua)).entries()) {
      out.put(kv.getKey(), Values.fromAny(kv.getValue()));
    }
    return out;
  }

  private static void check(String ua, String name, String version, String osName, String osVersion)
      throws OttlException {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("user_agent.name", name);
    expected.put("user_agent.original", ua);
    expected.put("user_agent.version", version);
    if (osName != null) {
      expected.put("os.name", osName);
    }
    if (osVersion != null) {
      expected.put("os.version", osVersion);
    }
    assertThat(userAgent(ua)).as(ua).containsExactlyEntriesOf(expected);
  }

  @Test
  void contribsCases() throws OttlException {
    check("Mozilla/5.0 (Linux; Android 4.1.1; SPH-L710 Build/JRO03L) AppleWebKit/535.19 (KHTML, like Gecko)"
        + " Chrome/18.0.1025.166 Mobile Safari/535.19", "Chrome Mobile", "18.0.1025", "Android", "4.1.1");
    check("Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0", "Firefox", "126.0", "Linux",
        null);
    check("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.103"
        + " Safari/537.36", "Chrome", "51.0.2704", "Linux", null);
    check("Mozilla/5.0 (iPhone; CPU iPhone OS 13_5_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
        + " Version/13.1.1 Mobile/15E148 Safari/604.1", "Mobile Safari", "13.1.1", "iOS", "13.5.1");
    check("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124"
        + " Safari/537.36 Edg/91.0.864.59", "Edge", "91.0.864", "Windows", "10");
    check("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/51.0.2704.106"
        + " Safari/537.36 OPR/38.0.2220.41", "Opera", "38.0.2220", "Linux", null);
    check("curl/7.81.0", "curl", "7.81.0", "Other", null);
    check("foobar/1.2.3 (foo; bar baz)", "Other", "", "Other", null);
    check("OpenTelemetry Collector Contrib/0.106.1 (linux/amd64)", "Other", "", "Linux", null);
    check("ViaFree-DK/3.8.3 (com.MTGx.ViaFree.dk; build:7383; iOS 12.1.0) Alamofire/4.7.0", "ViaFree", "3.8.3",
        "iOS", "12.1.0");
    check("ibm-cos-sdk-java/2.3.0 Linux/4.9.0-8-amd64 Java_HotSpot(TM)_64-Bit_Server_VM/9.0.4+11/9.0.4'",
        "ibm-cos-sdk-java", "2.3.0", "Linux", "4.9.0");
  }

  @Test
  void onlyTheFirstKilobyteIsParsedButTheWholeValueIsTheOriginal() throws OttlException {
    String firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0";
    String padded = firefox + " ".repeat(UserAgents.PARSED_CHARS - firefox.length()) + "Edg/91.0.864.59";
    check(padded, "Firefox", "126.0", "Linux", null);
    check(firefox + " Edg/91.0.864.59", "Edge", "91.0.864", "Linux", null);
  }

  @Test
  void aRepeatedAgentGivesTheSameAnswer() throws OttlException {
    for (int i = 0; i < 3; i++) {
      check("curl/7.81.0", "curl", "7.81.0", "Other", null);
      check("curl/8.0.1", "curl", "8.0.1", "Other", null);
    }
  }

  @Test
  void anEmptyAgentIsOtherAndANonStringFails() throws OttlException {
    check("", "Other", "", "Other", null);
    assertThatThrownBy(() -> eval("UserAgent(attributes[\"missing\"])", "x")).isInstanceOf(OttlRuntimeException.class)
        .hasMessage("UserAgent expects a string, got nil");
    assertThatThrownBy(() -> eval("UserAgent(1)", "x")).isInstanceOf(OttlRuntimeException.class)
        .hasMessage("UserAgent expects a string, got Long");
  }
}
