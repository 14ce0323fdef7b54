package dev.relay.processor.attributes;

import dev.relay.attraction.Conversions;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecordOrBuilder;
import io.opentelemetry.proto.resource.v1.ResourceOrBuilder;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;
import java.util.List;

/**
 * One {@code include} or {@code exclude}: every property given must match (a null filter or an empty list is not
 * given). Evaluated in the Collector's order: services, span names, span kinds (or log bodies, severity texts,
 * severity number), then libraries (each one must match), resources and attributes.
 *
 * <p>{@code notForSpans} and {@code notForLogs} are the config faults (file:line: path: message) that forbid this
 * match in a pipeline of that signal, or null: a processor's config is read before its pipelines are known.
 */
record MatchProperties(
    StringFilter services,
    StringFilter spanNames,
    StringFilter spanKinds,
    StringFilter logBodies,
    StringFilter severityTexts,
    SeverityMatch severity,
    List<LibraryMatcher> libraries,
    List<AttributeMatcher> attributes,
    List<AttributeMatcher> resources,
    String notForSpans,
    String notForLogs) {

  /** {@code log_severity_number}: at least {@code min}; an unspecified severity matches if {@code matchUndefined}. */
  record SeverityMatch(int min, boolean matchUndefined) {
    boolean matches(int severity) {
      return severity == 0 ? matchUndefined : severity >= min;
    }
  }

  MatchProperties {
    libraries = List.copyOf(libraries);
    attributes = List.copyOf(attributes);
    resources = List.copyOf(resources);
  }

  boolean matchesSpan(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope, SpanOrBuilder span) {
    if (services != null && !services.matches(serviceName(resource))) {
      return false;
    }
    if (spanNames != null && !spanNames.matches(span.getName())) {
      return false;
    }
    if (spanKinds != null && !spanKinds.matches(kindName(span.getKindValue()))) {
      return false;
    }
    return matchesCommon(resource, scope, span.getAttributesList());
  }

  boolean matchesLog(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope, LogRecordOrBuilder log) {
    if (logBodies != null && !logBodies.matches(Conversions.asString(log.getBody()))) {
      return false;
    }
    if (severityTexts != null && !severityTexts.matches(log.getSeverityText())) {
      return false;
    }
    if (severity != null && !severity.matches(log.getSeverityNumberValue())) {
      return false;
    }
    return matchesCommon(resource, scope, log.getAttributesList());
  }

  private boolean matchesCommon(ResourceOrBuilder resource, InstrumentationScopeOrBuilder scope,
      List<KeyValue> itemAttributes) {
    for (int i = 0, n = libraries.size(); i < n; i++) {
      if (!libraries.get(i).matches(scope)) {
        return false;
      }
    }
    if (!resources.isEmpty() && !AttributeMatcher.all(resources, resource.getAttributesList())) {
      return false;
    }
    return AttributeMatcher.all(attributes, itemAttributes);
  }

  /** The resource's {@code service.name} as text, or {@code <nil-service-name>} without one, as in the Collector. */
  static String serviceName(ResourceOrBuilder resource) {
    List<KeyValue> attrs = resource.getAttributesList();
    for (int i = 0, n = attrs.size(); i < n; i++) {
      if (attrs.get(i).getKey().equals("service.name")) {
        AnyValue v = attrs.get(i).getValue();
        return Conversions.asString(v);
      }
    }
    return "<nil-service-name>";
  }

  /** {@code SPAN_KIND_SERVER} and so on; "" for a number that names no kind. */
  static String kindName(int kind) {
    Span.SpanKind k = Span.SpanKind.forNumber(kind);
    return k == null || k == Span.SpanKind.UNRECOGNIZED ? "" : k.name();
  }
}
