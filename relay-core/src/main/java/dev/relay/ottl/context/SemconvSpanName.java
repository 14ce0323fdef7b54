package dev.relay.ottl.context;

import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.Editor;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Statement;
import dev.relay.ottl.Values;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;
import java.util.List;
import java.util.Set;

/**
 * {@code set_semconv_span_name(semconvVersion[, originalSpanNameAttribute])} of the span context (the transform
 * processor's func_set_semconv_span_name.go): names the span by the semantic conventions for HTTP, RPC, messaging
 * and database spans, by its kind, reading the older attribute names too; a span no convention names keeps its
 * name. When the name changes and {@code originalSpanNameAttribute} is given, the old name is kept there.
 */
final class SemconvSpanName implements Editor {
  static final Set<String> VERSIONS = Set.of("1.37.0", "1.38.0", "1.39.0", "1.40.0", "1.41.0", "1.42.0", "1.43.0");

  @Override
  public String name() {
    return "set_semconv_span_name";
  }

  @Override
  public List<String> params() {
    return List.of("semconvVersion", "originalSpanNameAttribute");
  }

  @Override
  public int required() {
    return 1;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    String version = args.literalString(0, "the semconv version");
    if (!VERSIONS.contains(version)) {
      throw new OttlException("set_semconv_span_name: unsupported semconv version: " + version
          + ", supported versions: 1.37.0 to 1.43.0");
    }
    String original = args.has(1) ? args.literalString(1, "originalSpanNameAttribute") : null;
    if (original != null && original.isEmpty()) {
      throw new OttlException("set_semconv_span_name: originalSpanNameAttribute cannot be an empty string");
    }
    // Only the span context's compiler has this editor, so T is SpanContext.
    Statement.Action<SpanContext> action = ctx -> {
      String before = ctx.span().getName();
      String after = derive(ctx.span());
      if (after.equals(before)) {
        return;
      }
      Span.Builder b = ctx.spanBuilder();
      b.setName(after);
      if (original != null) {
        put(b, original, before);
      }
    };
    return (Statement.Action<T>) (Statement.Action<?>) action;
  }

  private static void put(Span.Builder b, String key, String value) {
    KeyValue kv = KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    for (int i = 0; i < b.getAttributesCount(); i++) {
      if (b.getAttributes(i).getKey().equals(key)) {
        b.setAttributes(i, kv);
        return;
      }
    }
    b.addAttributes(kv);
  }

  static String derive(SpanOrBuilder span) {
    Attrs a = new Attrs(span);
    String name = switch (span.getKind()) {
      case SPAN_KIND_SERVER -> first(http(a, "http.route"), rpc(a), messaging(a));
      case SPAN_KIND_CONSUMER, SPAN_KIND_PRODUCER -> messaging(a);
      case SPAN_KIND_CLIENT -> first(http(a, "url.template"), rpc(a), db(a), messaging(a));
      default -> "";
    };
    return name.isEmpty() ? span.getName() : name;
  }

  private static String first(String... names) {
    for (String n : names) {
      if (!n.isEmpty()) {
        return n;
      }
    }
    return "";
  }

  private static String http(Attrs a, String subject) {
    String method = a.get("http.request.method", "http.method");
    if (method == null) {
      return "";
    }
    String s = a.get(subject, null);
    return s == null ? method : method + " " + s;
  }

  private static String rpc(Attrs a) {
    String system = a.get("rpc.system.name", "rpc.system");
    if (system == null) {
      return "";
    }
    String method = a.get("rpc.method", "rpc.grpc.method");
    String service = a.get("rpc.service", "rpc.grpc.service");
    if (method != null && service != null) {
      return service + "/" + method;
    }
    return method != null ? method : service != null ? service + "/*" : system;
  }

  private static String db(Attrs a) {
    String system = a.get("db.system.name", "db.system");
    if (system == null) {
      return "";
    }
    String summary = a.get("db.query.summary", null);
    if (summary != null) {
      return summary;
    }
    String operation = a.get("db.operation.name", "db.operation");
    String target = dbTarget(a);
    if (operation != null && !operation.isEmpty() && !target.isEmpty()) {
      return operation + " " + target;
    }
    return operation != null && !operation.isEmpty() ? operation : !target.isEmpty() ? target : system;
  }

  private static String dbTarget(Attrs a) {
    String namespace = a.get("db.namespace", "db.name");
    String ns = namespace == null ? "" : namespace;
    String collection = a.get("db.collection.name", null);
    if (collection != null) {
      return ns.isEmpty() ? collection : ns + "." + collection;
    }
    String procedure = a.get("db.stored_procedure.name", null);
    if (procedure != null) {
      return ns.isEmpty() ? procedure : ns + "." + procedure;
    }
    return !ns.isEmpty() ? ns : address(a);
  }

  private static String messaging(Attrs a) {
    String system = a.get("messaging.system", null);
    if (system == null) {
      return "";
    }
    String operation = a.get("messaging.operation.name", "messaging.operation");
    String destination = destination(a);
    if (operation != null && !destination.isEmpty()) {
      return operation + " " + destination;
    }
    return !destination.isEmpty() ? destination : operation != null ? operation : system;
  }

  private static String destination(Attrs a) {
    if (Boolean.TRUE.equals(a.raw("messaging.destination.temporary"))) {
      return "(temporary)";
    }
    if (Boolean.TRUE.equals(a.raw("messaging.destination.anonymous"))) {
      return "(anonymous)";
    }
    String template = a.get("messaging.destination.template", null);
    if (template != null) {
      return template;
    }
    String name = a.get("messaging.destination.name", "messaging.destination");
    return name != null ? name : address(a);
  }

  private static String address(Attrs a) {
    String host = a.get("server.address", null);
    if (host == null) {
      return "";
    }
    String port = a.get("server.port", null);
    return port == null ? host : host + ":" + port;
  }

  /** The span's attributes as pdata's {@code AsString} prints them; the older name when the current is absent. */
  private record Attrs(SpanOrBuilder span) {
    Object raw(String key) {
      return AttributeMap.lookup(span.getAttributesList(), key);
    }

    String get(String key, String alias) {
      if (has(key)) {
        return text(raw(key));
      }
      return alias != null && has(alias) ? text(raw(alias)) : null;
    }

    private boolean has(String key) {
      for (KeyValue kv : span.getAttributesList()) {
        if (kv.getKey().equals(key)) {
          return true;
        }
      }
      return false;
    }

    private static String text(Object v) {
      if (v == null) {
        return "";
      }
      String s = Values.stringLike(v);
      return s != null ? s : String.valueOf(Values.toRaw(v));
    }
  }
}
