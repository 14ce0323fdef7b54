package dev.relay.ottl.context;

import com.google.protobuf.ByteString;
import dev.relay.ottl.Ast;
import dev.relay.ottl.Ast.Field;
import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.AttributeList;
import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.Id;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Timestamp;
import dev.relay.ottl.Values;
import dev.relay.otlp.KeyedAttributes;
import dev.relay.otlp.WireSpan;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.resource.v1.ResourceOrBuilder;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Compiles the path fields of spans, events, resources and scopes, as getters (on messages or builders) and as
 * setters (on builders), for any context that can reach them.
 */
final class Fields {
  static final String SPAN_FIELDS = "name, kind, trace_id, span_id, parent_span_id, trace_state, status.code, "
      + "status.message, start_time_unix_nano, end_time_unix_nano, start_time, end_time, attributes, "
      + "dropped_attributes_count, dropped_events_count, dropped_links_count";
  static final String EVENT_FIELDS = "name, time, time_unix_nano, attributes, dropped_attributes_count";

  private Fields() {}

  // ---- span -------------------------------------------------------------------------------------------------

  static <T> Getter<T> span(PathExpr path, int i, Function<T, ? extends SpanOrBuilder> span, Compiler<T> c)
      throws OttlException {
    List<Field> f = path.fields();
    String name = f.get(i).name();
    switch (name) {
      case "attributes":
        return attributes(path, i, ctx -> span.apply(ctx).getAttributesList(), c);
      case "trace_id":
        return id(path, i, ctx -> span.apply(ctx).getTraceId());
      case "span_id":
        return id(path, i, ctx -> span.apply(ctx).getSpanId());
      case "parent_span_id":
        return id(path, i, ctx -> span.apply(ctx).getParentSpanId());
      case "status":
        expectMore(path, i, "status.code or status.message");
        String sub = f.get(i + 1).name();
        last(path, i + 1);
        if (sub.equals("code")) {
          return ctx -> (long) span.apply(ctx).getStatus().getCodeValue();
        }
        if (sub.equals("message")) {
          return ctx -> span.apply(ctx).getStatus().getMessage();
        }
        throw unknown(path, SPAN_FIELDS);
      default:
        break;
    }
    last(path, i);
    return switch (name) {
      case "name" -> ctx -> span.apply(ctx).getName();
      case "kind" -> ctx -> (long) span.apply(ctx).getKindValue();
      case "trace_state" -> ctx -> span.apply(ctx).getTraceState();
      case "start_time_unix_nano" -> ctx -> span.apply(ctx).getStartTimeUnixNano();
      case "end_time_unix_nano" -> ctx -> span.apply(ctx).getEndTimeUnixNano();
      case "start_time" -> ctx -> new Timestamp(span.apply(ctx).getStartTimeUnixNano());
      case "end_time" -> ctx -> new Timestamp(span.apply(ctx).getEndTimeUnixNano());
      case "dropped_attributes_count" -> ctx -> (long) span.apply(ctx).getDroppedAttributesCount();
      case "dropped_events_count" -> ctx -> (long) span.apply(ctx).getDroppedEventsCount();
      case "dropped_links_count" -> ctx -> (long) span.apply(ctx).getDroppedLinksCount();
      default -> throw unknown(path, SPAN_FIELDS);
    };
  }

  /**
   * Setters of span fields. {@code view} is the span as the context holds it: attributes are changed through it,
   * so that a span still in the request's bytes is not decoded for that; other fields go through {@code span}.
   */
  static <T> Setter<T> spanSetter(PathExpr path, int i, Function<T, ? extends SpanOrBuilder> view,
      Function<T, Span.Builder> span, Compiler<T> c) throws OttlException {
    List<Field> f = path.fields();
    String name = f.get(i).name();
    switch (name) {
      case "attributes":
        return attributesSetter(path, i, new AttrsEditor<T, SpanOrBuilder>(view::apply,
            SpanOrBuilder::getAttributesCount, SpanOrBuilder::getAttributes, SpanOrBuilder::getAttributesList,
            WireSpan::setAttribute, WireSpan::addAttribute, WireSpan::replaceAttributes), c);
      case "trace_id":
        last(path, i);
        return (ctx, v) -> span.apply(ctx).setTraceId(idBytes(path, v, 16));
      case "span_id":
        last(path, i);
        return (ctx, v) -> span.apply(ctx).setSpanId(idBytes(path, v, 8));
      case "parent_span_id":
        last(path, i);
        return (ctx, v) -> span.apply(ctx).setParentSpanId(idBytes(path, v, 8));
      case "status":
        expectMore(path, i, "status.code or status.message");
        last(path, i + 1);
        String sub = f.get(i + 1).name();
        if (sub.equals("code")) {
          return (ctx, v) -> {
            long code = integer(path, v);
            Status.Builder st = span.apply(ctx).getStatusBuilder();
            st.setCodeValue((int) code);
          };
        }
        if (sub.equals("message")) {
          return (ctx, v) -> span.apply(ctx).getStatusBuilder().setMessage(string(path, v));
        }
        throw unknown(path, SPAN_FIELDS);
      default:
        break;
    }
    last(path, i);
    return switch (name) {
      case "name" -> (ctx, v) -> span.apply(ctx).setName(string(path, v));
      case "kind" -> (ctx, v) -> span.apply(ctx).setKindValue((int) integer(path, v));
      case "trace_state" -> (ctx, v) -> span.apply(ctx).setTraceState(string(path, v));
      case "start_time_unix_nano" -> (ctx, v) -> span.apply(ctx).setStartTimeUnixNano(integer(path, v));
      case "end_time_unix_nano" -> (ctx, v) -> span.apply(ctx).setEndTimeUnixNano(integer(path, v));
      case "start_time" -> (ctx, v) -> span.apply(ctx).setStartTimeUnixNano(time(path, v));
      case "end_time" -> (ctx, v) -> span.apply(ctx).setEndTimeUnixNano(time(path, v));
      case "dropped_attributes_count" ->
          (ctx, v) -> span.apply(ctx).setDroppedAttributesCount((int) integer(path, v));
      case "dropped_events_count" -> (ctx, v) -> span.apply(ctx).setDroppedEventsCount((int) integer(path, v));
      case "dropped_links_count" -> (ctx, v) -> span.apply(ctx).setDroppedLinksCount((int) integer(path, v));
      default -> throw unknown(path, SPAN_FIELDS);
    };
  }

  // ---- span event -------------------------------------------------------------------------------------------

  static <T> Getter<T> event(PathExpr path, int i, Function<T, ? extends Span.EventOrBuilder> event,
      Getter<T> name, Compiler<T> c) throws OttlException {
    String field = path.fields().get(i).name();
    if (field.equals("attributes")) {
      return attributes(path, i, ctx -> event.apply(ctx).getAttributesList(), c);
    }
    last(path, i);
    return switch (field) {
      case "name" -> name;
      case "time" -> ctx -> new Timestamp(event.apply(ctx).getTimeUnixNano());
      case "time_unix_nano" -> ctx -> event.apply(ctx).getTimeUnixNano();
      case "dropped_attributes_count" -> ctx -> (long) event.apply(ctx).getDroppedAttributesCount();
      default -> throw unknown(path, EVENT_FIELDS + ", span.*, resource.*, instrumentation_scope.*");
    };
  }

  static <T> Setter<T> eventSetter(PathExpr path, int i, Function<T, Span.Event.Builder> event, Compiler<T> c)
      throws OttlException {
    String field = path.fields().get(i).name();
    if (field.equals("attributes")) {
      return attributesSetter(path, i, new AttrsEditor<>(ctx -> event.apply(ctx),
          Span.Event.Builder::getAttributesCount, Span.Event.Builder::getAttributes,
          Span.Event.Builder::getAttributesList, Span.Event.Builder::setAttributes, Span.Event.Builder::addAttributes,
          (b, list) -> b.clearAttributes().addAllAttributes(list)), c);
    }
    last(path, i);
    return switch (field) {
      case "name" -> (ctx, v) -> event.apply(ctx).setName(string(path, v));
      case "time" -> (ctx, v) -> event.apply(ctx).setTimeUnixNano(time(path, v));
      case "time_unix_nano" -> (ctx, v) -> event.apply(ctx).setTimeUnixNano(integer(path, v));
      case "dropped_attributes_count" ->
          (ctx, v) -> event.apply(ctx).setDroppedAttributesCount((int) integer(path, v));
      default -> throw unknown(path, EVENT_FIELDS);
    };
  }

  // ---- resource and scope -----------------------------------------------------------------------------------

  static <T> Getter<T> resource(PathExpr path, int i, Function<T, ? extends ResourceOrBuilder> resource,
      Compiler<T> c) throws OttlException {
    expectMore(path, i - 1, "resource.attributes");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return attributes(path, i, ctx -> resource.apply(ctx).getAttributesList(), c);
    }
    last(path, i);
    if (name.equals("dropped_attributes_count")) {
      return ctx -> (long) resource.apply(ctx).getDroppedAttributesCount();
    }
    throw unknown(path, "resource.attributes, resource.dropped_attributes_count");
  }

  static <T> Setter<T> resourceSetter(PathExpr path, int i, Function<T, Resource.Builder> resource,
      Compiler<T> c) throws OttlException {
    expectMore(path, i - 1, "resource.attributes");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return attributesSetter(path, i, new AttrsEditor<>(ctx -> resource.apply(ctx),
          Resource.Builder::getAttributesCount, Resource.Builder::getAttributes, Resource.Builder::getAttributesList,
          Resource.Builder::setAttributes, Resource.Builder::addAttributes,
          (b, list) -> b.clearAttributes().addAllAttributes(list)), c);
    }
    last(path, i);
    if (name.equals("dropped_attributes_count")) {
      return (ctx, v) -> resource.apply(ctx).setDroppedAttributesCount((int) integer(path, v));
    }
    throw unknown(path, "resource.attributes, resource.dropped_attributes_count");
  }

  static <T> Getter<T> scope(PathExpr path, int i, Function<T, ? extends InstrumentationScopeOrBuilder> scope,
      Compiler<T> c) throws OttlException {
    expectMore(path, i - 1, "instrumentation_scope.name");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return attributes(path, i, ctx -> scope.apply(ctx).getAttributesList(), c);
    }
    last(path, i);
    return switch (name) {
      case "name" -> ctx -> scope.apply(ctx).getName();
      case "version" -> ctx -> scope.apply(ctx).getVersion();
      case "dropped_attributes_count" -> ctx -> (long) scope.apply(ctx).getDroppedAttributesCount();
      default -> throw unknown(path, "instrumentation_scope.name, .version, .attributes");
    };
  }

  static <T> Setter<T> scopeSetter(PathExpr path, int i, Function<T, InstrumentationScope.Builder> scope,
      Compiler<T> c) throws OttlException {
    expectMore(path, i - 1, "instrumentation_scope.name");
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return attributesSetter(path, i, new AttrsEditor<>(ctx -> scope.apply(ctx),
          InstrumentationScope.Builder::getAttributesCount, InstrumentationScope.Builder::getAttributes,
          InstrumentationScope.Builder::getAttributesList, InstrumentationScope.Builder::setAttributes,
          InstrumentationScope.Builder::addAttributes, (b, list) -> b.clearAttributes().addAllAttributes(list)), c);
    }
    last(path, i);
    return switch (name) {
      case "name" -> (ctx, v) -> scope.apply(ctx).setName(string(path, v));
      case "version" -> (ctx, v) -> scope.apply(ctx).setVersion(string(path, v));
      case "dropped_attributes_count" ->
          (ctx, v) -> scope.apply(ctx).setDroppedAttributesCount((int) integer(path, v));
      default -> throw unknown(path, "instrumentation_scope.name, .version, .attributes");
    };
  }

  // ---- attributes -------------------------------------------------------------------------------------------

  static <T> Getter<T> attributes(PathExpr path, int i, Function<T, List<KeyValue>> attrs, Compiler<T> c)
      throws OttlException {
    last(path, i);
    Getter<T> map = ctx -> new AttributeMap(attrs.apply(ctx));
    List<Ast.Expr> keys = path.fields().get(i).keys();
    if (keys.isEmpty()) {
      return map;
    }
    // The first key is by far the common case: scan the list directly, without a map view. (A builder's list
    // view does not escape, so the JIT removes it: measured 0 B/op.)
    if (keys.get(0) instanceof Ast.Literal lit && lit.value() instanceof String key) {
      Getter<T> first = ctx -> AttributeMap.lookup(attrs.apply(ctx), key);
      return c.withKeys(first, keys.subList(1, keys.size()));
    }
    return c.withKeys(map, keys);
  }

  /** Writable attributes of a builder: one entry is replaced or appended in place, without copying the rest. */
  record AttrsEditor<T, B>(
      Function<T, B> builder,
      java.util.function.ToIntFunction<B> count,
      java.util.function.BiFunction<B, Integer, KeyValue> at,
      Function<B, List<KeyValue>> all,
      TriConsumer<B, Integer, KeyValue> setAt,
      BiConsumer<B, KeyValue> add,
      BiConsumer<B, List<KeyValue>> replaceAll) {

    /** Sets {@code key} to {@code value}: in place where the key is, appended otherwise. */
    void put(T ctx, String key, AnyValue value) {
      putEntry(ctx, KeyValue.newBuilder().setKey(key).setValue(value).build());
    }

    /** Sets the entry's key to the entry: in place where the key is, appended otherwise. */
    void putEntry(T ctx, KeyValue kv) {
      B b = builder.apply(ctx);
      int i = indexOf(b, kv.getKey());
      if (i >= 0) {
        setAt.accept(b, i, kv);
      } else {
        add.accept(b, kv);
      }
    }

    AnyValue get(T ctx, String key) {
      B b = builder.apply(ctx);
      int i = indexOf(b, key);
      return i < 0 ? null : at.apply(b, i).getValue();
    }

    /** Where {@code key} is; a span still in its bytes answers without decoding its attributes. */
    private int indexOf(B b, String key) {
      if (b instanceof WireSpan) {
        return KeyedAttributes.indexOfKey(all.apply(b), key);
      }
      for (int i = 0, n = count.applyAsInt(b); i < n; i++) {
        if (at.apply(b, i).getKey().equals(key)) {
          return i;
        }
      }
      return -1;
    }
  }

  @FunctionalInterface
  interface TriConsumer<A, B, C> {
    void accept(A a, B b, C c);
  }

  /**
   * Writes {@code attributes}, {@code attributes["k"]} or {@code attributes["k"]["sub"]...}. Keys must be literals.
   * Writing nil changes nothing, as in the Collector; missing intermediate maps are created.
   */
  static <T, B> Setter<T> attributesSetter(PathExpr path, int i, AttrsEditor<T, B> attrs, Compiler<T> c)
      throws OttlException {
    last(path, i);
    List<Ast.Expr> keyExprs = path.fields().get(i).keys();
    if (keyExprs.isEmpty()) {
      return (ctx, v) -> {
        if (v == null) {
          return;
        }
        if (!(v instanceof AttributeMap m)) {
          throw new OttlRuntimeException(path.dotted() + " must be set to a map, not " + typeName(v));
        }
        List<KeyValue> entries = List.copyOf(m.entries());
        attrs.replaceAll().accept(attrs.builder().apply(ctx), entries);
      };
    }
    Object[] keys = new Object[keyExprs.size()];
    for (int k = 0; k < keys.length; k++) {
      if (!(keyExprs.get(k) instanceof Ast.Literal lit) || !(lit.value() instanceof String || lit.value() instanceof Long)) {
        throw new OttlException("the keys of a path that is changed must be string or int literals (column "
            + (keyExprs.get(k).pos() + 1) + ")");
      }
      keys[k] = lit.value();
    }
    if (!(keys[0] instanceof String first)) {
      throw new OttlException("attributes are indexed by string keys (column " + (keyExprs.get(0).pos() + 1) + ")");
    }
    if (keys.length == 1) {
      return new Setter<>() {
        @Override
        public void set(T ctx, Object v) {
          AnyValue value = Values.toAny(v);
          if (value != null) {
            attrs.put(ctx, first, value);
          }
        }

        @Override
        public Setter<T> withConstant(Object constant) {
          AnyValue value = Values.toAny(constant);
          if (value == null) {
            return this;
          }
          // A literal's entry is made once, with its size memoized, and shared by every span.
          KeyValue entry = KeyValue.newBuilder().setKey(first).setValue(value).build();
          return (ctx, ignored) -> attrs.putEntry(ctx, entry);
        }
      };
    }
    return (ctx, v) -> {
      AnyValue value = Values.toAny(v);
      if (value != null) {
        attrs.put(ctx, first, setIn(attrs.get(ctx, first), keys, 1, value, path));
      }
    };
  }

  /** A copy of {@code list} with {@code key} set to {@code value}, in place if present, else appended. */
  static List<KeyValue> withKey(List<KeyValue> list, String key, AnyValue value) {
    List<KeyValue> out = new ArrayList<>(list.size() + 1);
    boolean replaced = false;
    for (KeyValue kv : list) {
      if (!replaced && kv.getKey().equals(key)) {
        out.add(KeyValue.newBuilder().setKey(key).setValue(value).build());
        replaced = true;
      } else {
        out.add(kv);
      }
    }
    if (!replaced) {
      out.add(KeyValue.newBuilder().setKey(key).setValue(value).build());
    }
    return out;
  }

  private static AnyValue setIn(AnyValue container, Object[] keys, int k, AnyValue value, PathExpr path) {
    if (k == keys.length) {
      return value;
    }
    if (keys[k] instanceof String key) {
      List<KeyValue> entries = container != null && container.hasKvlistValue()
          ? container.getKvlistValue().getValuesList()
          : List.of();
      AnyValue child = null;
      for (KeyValue kv : entries) {
        if (kv.getKey().equals(key)) {
          child = kv.getValue();
        }
      }
      AnyValue updated = setIn(child, keys, k + 1, value, path);
      return AnyValue.newBuilder()
          .setKvlistValue(KeyValueList.newBuilder().addAllValues(withKey(entries, key, updated))).build();
    }
    long index = (Long) keys[k];
    if (container == null || !container.hasArrayValue() || index < 0
        || index >= container.getArrayValue().getValuesCount()) {
      throw new OttlRuntimeException(path.dotted() + ": index " + index + " is out of range");
    }
    ArrayValue arr = container.getArrayValue();
    AnyValue updated = setIn(arr.getValues((int) index), keys, k + 1, value, path);
    return AnyValue.newBuilder().setArrayValue(arr.toBuilder().setValues((int) index, updated)).build();
  }

  // ---- ids and typed values ---------------------------------------------------------------------------------

  static <T> Getter<T> id(PathExpr path, int i, Function<T, ByteString> bytes) throws OttlException {
    List<Field> f = path.fields();
    noKeys(path, i);
    if (i + 1 < f.size()) {
      if (!f.get(i + 1).name().equals("string")) {
        throw unknown(path, f.get(i).name() + " or " + f.get(i).name() + ".string");
      }
      last(path, i + 1);
      return ctx -> Id.hex(bytes.apply(ctx));
    }
    return ctx -> new Id(bytes.apply(ctx));
  }

  static ByteString idBytes(PathExpr path, Object v, int size) {
    ByteString b = v instanceof Id id ? id.bytes() : v instanceof ByteString bs ? bs : null;
    if (b == null || b.size() != size) {
      throw new OttlRuntimeException(path.dotted() + " must be set to a " + size + "-byte id, not " + typeName(v));
    }
    return b;
  }

  static String string(PathExpr path, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw new OttlRuntimeException(path.dotted() + " must be set to a string, not " + typeName(v));
  }

  static long integer(PathExpr path, Object v) {
    if (v instanceof Long l) {
      return l;
    }
    throw new OttlRuntimeException(path.dotted() + " must be set to an int, not " + typeName(v));
  }

  static long time(PathExpr path, Object v) {
    if (v instanceof Timestamp t) {
      return t.unixNano();
    }
    throw new OttlRuntimeException(path.dotted() + " must be set to a time, not " + typeName(v));
  }

  static String typeName(Object v) {
    if (v == null) {
      return "nil";
    }
    if (v instanceof AttributeMap) {
      return "a map";
    }
    if (v instanceof AttributeList || v instanceof List<?>) {
      return "a list";
    }
    return switch (v.getClass().getSimpleName()) {
      case "String" -> "a string";
      case "Long" -> "an int";
      case "Double" -> "a float";
      case "Boolean" -> "a bool";
      case "ByteString" -> "bytes";
      default -> "a " + v.getClass().getSimpleName();
    };
  }

  // ---- path shape checks ------------------------------------------------------------------------------------

  static void expectMore(PathExpr path, int i, String example) throws OttlException {
    if (i + 1 >= path.fields().size()) {
      throw new OttlException("path '" + path.dotted() + "' is incomplete (e.g. " + example + ") at column "
          + (path.pos() + 1));
    }
  }

  static void last(PathExpr path, int i) throws OttlException {
    if (i + 1 < path.fields().size()) {
      throw new OttlException("unknown path '" + path.dotted() + "' at column " + (path.pos() + 1));
    }
    if (!path.fields().get(i).name().equals("attributes")) {
      noKeys(path, i);
    }
  }

  static void noKeys(PathExpr path, int i) throws OttlException {
    if (!path.fields().get(i).keys().isEmpty()) {
      throw new OttlException("'" + path.fields().get(i).name() + "' does not take [keys] (column "
          + (path.pos() + 1) + ")");
    }
  }

  static OttlException unknown(PathExpr path, String known) {
    return new OttlException("unknown path '" + path.dotted() + "' at column " + (path.pos() + 1) + " (known: "
        + known + ")");
  }
}
