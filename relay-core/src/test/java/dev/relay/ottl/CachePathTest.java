package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.LogPaths;
import dev.relay.ottl.context.SpanContext;
import dev.relay.ottl.context.SpanPaths;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cache}: a scratch map per item, read and written like attributes, in every context. */
class CachePathTest {
  private static <T> void run(Compiler<T> compiler, T ctx, String... statements) throws OttlException {
    for (String s : statements) {
      compiler.statement(s).execute(ctx);
    }
  }

  @Test
  void statementsShareTheCacheOfOneItemAndTheNextItemStartsEmpty() throws Exception {
    Compiler<SpanContext> c = SpanPaths.compiler();
    Span.Builder first = Span.newBuilder().setName("a");
    SpanContext ctx = new SpanContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(), first);
    run(c, ctx,
        "set(cache[\"n\"], name)",
        "set(span.cache[\"nested\"][\"k\"], 7)",
        "set(attributes[\"from_cache\"], Concat([cache[\"n\"], String(cache[\"nested\"][\"k\"])], \"-\"))",
        "set(attributes[\"size\"], Len(cache))");
    assertThat(first.getAttributesList()).extracting(kv -> kv.getKey() + "=" + Values.fromAny(kv.getValue()))
        .containsExactly("from_cache=a-7", "size=2");

    Span.Builder second = Span.newBuilder().setName("b");
    ctx.set(Resource.newBuilder(), InstrumentationScope.newBuilder(), second);
    assertThat(c.condition("cache[\"n\"] == nil").test(ctx)).isTrue();
    assertThat(c.condition("Len(cache) == 0").test(ctx)).isTrue();
  }

  @Test
  void theMapEditorsWorkOnTheCache() throws Exception {
    Compiler<LogContext> c = LogPaths.compiler();
    LogRecord.Builder log = LogRecord.newBuilder();
    LogContext ctx = new LogContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(), log);
    run(c, ctx,
        "set(cache[\"a\"], 1)", "set(cache[\"b\"], 2)", "set(cache[\"secret_x\"], 3)",
        "delete_key(cache, \"a\")",
        "delete_matching_keys(log.cache, \"^secret_\")",
        "merge_maps(attributes, cache, \"upsert\")");
    assertThat(log.getAttributesList()).extracting(kv -> kv.getKey()).isEqualTo(List.of("b"));
  }

  @Test
  void theCacheIsAMap() throws Exception {
    SpanContext ctx = new SpanContext().set(Resource.newBuilder(), InstrumentationScope.newBuilder(),
        Span.newBuilder());
    assertThat(SpanPaths.compiler().condition("IsMap(cache)").test(ctx)).isTrue();
    assertThatThrownBy(() -> run(SpanPaths.compiler(), ctx, "set(cache, \"x\")"))
        .isInstanceOf(OttlRuntimeException.class).hasMessageContaining("must be set to a map");
  }
}
