package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the conformance table cannot say in one line: the XML converters' limits (nesting depth, no DTD, no
 * external entity) and that attribute order survives an edit.
 */
class XmlFunctionsTest {
  @TempDir
  Path dir;

  private static Object eval(String expression, String xml) throws Exception {
    Compiler<SpanContext> c = SpanPaths.compiler();
    Getter<SpanContext> g = c.value(expression);
    Span.Builder span = Span.newBuilder().addAttributes(KeyValue.newBuilder().setKey("xml")
        .setValue(AnyValue.newBuilder().setStringValue(xml)));
    return g.get(new SpanContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(), span));
  }

  @Test
  void documentsDeeperThanTenThousandElementsFail() {
    String deep = "<a>".repeat(XmlDoc.MAX_DEPTH + 2) + "</a>".repeat(XmlDoc.MAX_DEPTH + 2);
    for (String f : new String[] {"ParseXML(attributes[\"xml\"])", "ParseSimplifiedXML(attributes[\"xml\"])",
        "ConvertTextToElementsXML(attributes[\"xml\"])", "RemoveXML(attributes[\"xml\"], \"//b\")"}) {
      assertThatThrownBy(() -> eval(f, deep)).isInstanceOf(OttlRuntimeException.class)
          .hasMessageContaining("exceeded maximum XML nesting depth of 10000");
    }
  }

  @Test
  void noDoctypeAndNoExternalEntityIsRead() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.txt"), "do not read");
    String xxe = "<!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]><x>&e;</x>";
    assertThatThrownBy(() -> eval("ParseXML(attributes[\"xml\"])", xxe))
        .isInstanceOf(OttlRuntimeException.class).hasMessageContaining("DOCTYPE is not accepted");
    String billion = "<!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
        + "<x>&b;</x>";
    assertThatThrownBy(() -> eval("GetXML(attributes[\"xml\"], \"/x\")", billion))
        .isInstanceOf(OttlRuntimeException.class).hasMessageContaining("DOCTYPE is not accepted");
    assertThatThrownBy(() -> eval("GetXML(attributes[\"xml\"], \"/x\")", "<x>&undefined;</x>"))
        .isInstanceOf(OttlRuntimeException.class);
    assertThat(eval("GetXML(attributes[\"xml\"], \"/x/text()\")", "<x>&lt;&amp;&#65;</x>")).isEqualTo("&lt;&amp;A");
  }

  @Test
  void attributeOrderSurvivesEditsAndInserts() throws Exception {
    assertThat(eval("RemoveXML(attributes[\"xml\"], \"//c\")", "<a z=\"1\" b=\"2\" m=\"3\"><c/></a>"))
        .isEqualTo("<a z=\"1\" b=\"2\" m=\"3\"></a>");
    assertThat(eval("InsertXML(attributes[\"xml\"], \"/a\", \"<s z='1' b='2'/>\")", "<a/>"))
        .isEqualTo("<a><s z=\"1\" b=\"2\"></s></a>");
    assertThat(eval("ParseXML(attributes[\"xml\"])[\"attributes\"]", "<a z=\"1\" b=\"2\"/>").toString())
        .startsWith("AttributeMap[entries=[key: \"z\"");
  }
}
