package dev.relay.attraction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.KeyValues;
import org.junit.jupiter.api.Test;

/** Values as text the way the Collector's {@code AsString} writes them, and numbers parsed as Go parses them. */
class ConversionsTest {
  @Test
  void doublesPrintAsJavaScriptDoes() {
    assertThat(Conversions.doubleAsString(1.5)).isEqualTo("1.5");
    assertThat(Conversions.doubleAsString(100.0)).isEqualTo("100");
    assertThat(Conversions.doubleAsString(0.0)).isEqualTo("0");
    assertThat(Conversions.doubleAsString(-2.25)).isEqualTo("-2.25");
    assertThat(Conversions.doubleAsString(0.000001)).isEqualTo("0.000001");
    assertThat(Conversions.doubleAsString(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(Conversions.doubleAsString(1e21)).isEqualTo("1e+21");
    assertThat(Conversions.doubleAsString(-1.25e300)).isEqualTo("-1.25e+300");
    assertThat(Conversions.doubleAsString(123456789012345680000.0)).isEqualTo("123456789012345680000");
    assertThat(Conversions.doubleAsString(Double.NaN)).isEqualTo("json: unsupported value: NaN");
  }

  @Test
  void plainDoublesNeverUseAnExponent() {
    assertThat(Conversions.plainDouble(1e21)).isEqualTo("1000000000000000000000");
    assertThat(Conversions.plainDouble(1.5e-7)).isEqualTo("0.00000015");
    assertThat(Conversions.plainDouble(3.0)).isEqualTo("3");
  }

  @Test
  void floatsParseAsInGo() {
    assertThat(Conversions.parseGoFloat("1e3")).isEqualTo(1000.0);
    assertThat(Conversions.parseGoFloat("-0.5")).isEqualTo(-0.5);
    assertThat(Conversions.parseGoFloat("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Conversions.parseGoFloat("NaN")).isNaN();
    assertThat(Conversions.parseGoFloat(" 1")).isNull();
    assertThat(Conversions.parseGoFloat("1d")).isNull();
    assertThat(Conversions.parseGoFloat("1e400")).isNull();
    assertThat(Conversions.parseGoFloat("")).isNull();
    assertThat(Conversions.parseGoFloat("abc")).isNull();
  }

  @Test
  void otherValuesAsText() {
    assertThat(Conversions.asString(KeyValues.value(true))).isEqualTo("true");
    assertThat(Conversions.asString(KeyValues.value(-7L))).isEqualTo("-7");
    assertThat(Conversions.asString(KeyValues.value(java.util.List.of(1, "a", 2.5)))).isEqualTo("[1,\"a\",2.5]");
    assertThat(Conversions.asString(io.opentelemetry.proto.common.v1.AnyValue.getDefaultInstance())).isEmpty();
  }
}
