package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Converters;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.PathResolver;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Timestamp;
import dev.relay.ottl.Values;
import dev.relay.ottl.editor.Editors;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Paths of the {@code log} context, as the Collector's: {@code body} (with {@code body["k"]} for map bodies),
 * {@code severity_text}, {@code severity_number}, {@code event_name}, {@code attributes}, {@code trace_id},
 * {@code span_id}, {@code time_unix_nano}, {@code observed_time_unix_nano}, {@code time}, {@code observed_time},
 * {@code flags}, {@code dropped_attributes_count} (optionally written {@code log.body}), plus {@code resource.*} and
 * {@code instrumentation_scope.*}.
 */
public final class LogPaths implements PathResolver<LogContext> {
  public static final LogPaths INSTANCE = new LogPaths();
  static final String LOG_FIELDS = "body, severity_text, severity_number, event_name, attributes, trace_id, span_id, "
      + "time_unix_nano, observed_time_unix_nano, time, observed_time, flags, dropped_attributes_count, resource.*, "
      + "instrumentation_scope.*";
  private static final Map<String, Long> ENUMS = enums(SeverityNumber.values());

  private LogPaths() {}

  public static Compiler<LogContext> compiler() {
    return new Compiler<>(CachePaths.with(INSTANCE, Set.of("log"), ctx -> ctx.cache),
        Converters.standard().with(Converters.logParsers()), Editors.standard());
  }

  private static Map<String, Long> enums(SeverityNumber[] values) {
    Map<String, Long> m = new HashMap<>();
    for (SeverityNumber n : values) {
      if (n != SeverityNumber.UNRECOGNIZED) {
        m.put(n.name(), (long) n.getNumber());
      }
    }
    return Map.copyOf(m);
  }

  private static int start(PathExpr path) throws OttlException {
    if (path.fields().get(0).name().equals("log") && path.fields().size() > 1) {
      PathChecks.noKeys(path, 0);
      return 1;
    }
    return 0;
  }

  @Override
  public Getter<LogContext> resolve(PathExpr path, Compiler<LogContext> c) throws OttlException {
    int i = start(path);
    String name = path.fields().get(i).name();
    switch (name) {
      case "resource":
        PathChecks.noKeys(path, i);
        return ResourceFields.getter(path, i + 1, LogContext::resource, c);
      case "instrumentation_scope", "scope":
        PathChecks.noKeys(path, i);
        return ScopeFields.getter(path, i + 1, LogContext::scope, c);
      case "attributes":
        return AttributeFields.getter(path, i, ctx -> ctx.log().getAttributesList(), c);
      case "trace_id":
        return IdFields.getter(path, i, ctx -> ctx.log().getTraceId());
      case "span_id":
        return IdFields.getter(path, i, ctx -> ctx.log().getSpanId());
      case "body": {
        if (i + 1 < path.fields().size()) {
          throw PathChecks.unknown(path, LOG_FIELDS);
        }
        Getter<LogContext> body = ctx -> Values.fromAny(ctx.log().getBody());
        var keys = path.fields().get(i).keys();
        return keys.isEmpty() ? body : c.withKeys(body, keys);
      }
      default:
        break;
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "severity_text" -> ctx -> ctx.log().getSeverityText();
      case "severity_number" -> ctx -> (long) ctx.log().getSeverityNumberValue();
      case "event_name" -> ctx -> ctx.log().getEventName();
      case "time_unix_nano" -> ctx -> ctx.log().getTimeUnixNano();
      case "observed_time_unix_nano" -> ctx -> ctx.log().getObservedTimeUnixNano();
      case "time" -> ctx -> new Timestamp(ctx.log().getTimeUnixNano());
      case "observed_time" -> ctx -> new Timestamp(ctx.log().getObservedTimeUnixNano());
      case "flags" -> ctx -> (long) ctx.log().getFlags();
      case "dropped_attributes_count" -> ctx -> (long) ctx.log().getDroppedAttributesCount();
      default -> throw PathChecks.unknown(path, LOG_FIELDS);
    };
  }

  @Override
  public Setter<LogContext> resolveSetter(PathExpr path, Compiler<LogContext> c) throws OttlException {
    int i = start(path);
    String name = path.fields().get(i).name();
    switch (name) {
      case "resource":
        PathChecks.noKeys(path, i);
        return ResourceFields.setter(path, i + 1, LogContext::resourceBuilder, c);
      case "instrumentation_scope", "scope":
        PathChecks.noKeys(path, i);
        return ScopeFields.setter(path, i + 1, LogContext::scopeBuilder, c);
      case "attributes":
        return AttributeFields.setter(path, i, new AttributeWriter<>(LogContext::logBuilder,
            LogRecord.Builder::getAttributesCount, LogRecord.Builder::getAttributes,
            LogRecord.Builder::getAttributesList, LogRecord.Builder::setAttributes, LogRecord.Builder::addAttributes,
            (b, list) -> b.clearAttributes().addAllAttributes(list)), c);
      default:
        break;
    }
    PathChecks.last(path, i);
    if (!path.fields().get(i).keys().isEmpty()) {
      throw PathChecks.unknown(path, LOG_FIELDS);
    }
    return switch (name) {
      case "body" -> (ctx, v) -> {
        if (v != null) {
          ctx.logBuilder().setBody(Values.toAny(v));
        }
      };
      case "trace_id" -> (ctx, v) -> ctx.logBuilder().setTraceId(IdFields.bytes(path, v, 16));
      case "span_id" -> (ctx, v) -> ctx.logBuilder().setSpanId(IdFields.bytes(path, v, 8));
      case "severity_text" -> (ctx, v) -> ctx.logBuilder().setSeverityText(FieldValues.string(path, v));
      case "severity_number" -> (ctx, v) -> ctx.logBuilder().setSeverityNumberValue((int) FieldValues.integer(path, v));
      case "event_name" -> (ctx, v) -> ctx.logBuilder().setEventName(FieldValues.string(path, v));
      case "time_unix_nano" -> (ctx, v) -> ctx.logBuilder().setTimeUnixNano(FieldValues.integer(path, v));
      case "observed_time_unix_nano" ->
          (ctx, v) -> ctx.logBuilder().setObservedTimeUnixNano(FieldValues.integer(path, v));
      case "time" -> (ctx, v) -> ctx.logBuilder().setTimeUnixNano(FieldValues.time(path, v));
      case "observed_time" -> (ctx, v) -> ctx.logBuilder().setObservedTimeUnixNano(FieldValues.time(path, v));
      case "flags" -> (ctx, v) -> ctx.logBuilder().setFlags((int) FieldValues.integer(path, v));
      case "dropped_attributes_count" ->
          (ctx, v) -> ctx.logBuilder().setDroppedAttributesCount((int) FieldValues.integer(path, v));
      default -> throw PathChecks.unknown(path, LOG_FIELDS);
    };
  }

  @Override
  public Map<String, Long> enums() {
    return ENUMS;
  }
}
