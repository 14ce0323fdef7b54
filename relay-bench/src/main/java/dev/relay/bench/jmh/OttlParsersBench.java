package dev.relay.bench.jmh;

import dev.relay.ottl.Condition;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two converters that parse a whole line per item: {@code ExtractGrokPatterns} with a library pattern on an
 * Apache combined log line, and {@code UserAgent} on an agent seen before (cached) and on one never seen (the
 * uap-core regex scan).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OttlParsersBench {
  private static final String LINE = "127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\""
      + " 200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\"";
  private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/";

  private Span.Builder span;
  private SpanContext ctx;
  private Condition<SpanContext> grok;
  private Condition<SpanContext> userAgent;
  private KeyValue[] unseenAgents;
  private int next;

  @Setup
  public void setup() throws Exception {
    span = Span.newBuilder().addAttributes(attribute("line", LINE)).addAttributes(attribute("ua", FIREFOX + "126.0"));
    ctx = new SpanContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(), span);
    grok = SpanPaths.compiler().condition("ExtractGrokPatterns(attributes[\"line\"], \"%{COMBINEDAPACHELOG}\","
        + " true)[\"http.response.status_code\"] == 200");
    userAgent = SpanPaths.compiler().condition("UserAgent(attributes[\"ua\"])[\"user_agent.name\"] == \"Firefox\"");
    // more distinct agents than the cache keeps, so each one is parsed
    unseenAgents = new KeyValue[4096];
    for (int i = 0; i < unseenAgents.length; i++) {
      unseenAgents[i] = attribute("ua", FIREFOX + (i / 100) + "." + (i % 100));
    }
    if (!grok.test(ctx) || !userAgent.test(ctx)) {
      throw new IllegalStateException("the benchmark conditions must hold on the fixture");
    }
  }

  private static KeyValue attribute(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  @Benchmark
  public boolean grokCombinedApacheLog() {
    return grok.test(ctx);
  }

  @Benchmark
  public boolean userAgentSeenBefore() {
    return userAgent.test(ctx);
  }

  @Benchmark
  public boolean userAgentNeverSeen() {
    span.setAttributes(1, unseenAgents[next++ & (unseenAgents.length - 1)]);
    return userAgent.test(ctx);
  }
}
