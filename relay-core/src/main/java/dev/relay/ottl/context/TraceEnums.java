package dev.relay.ottl.context;

import java.util.Map;

/** Enum names of the trace signal, with OTLP's numeric values. */
final class TraceEnums {
  static final Map<String, Long> ALL = Map.of(
      "SPAN_KIND_UNSPECIFIED", 0L,
      "SPAN_KIND_INTERNAL", 1L,
      "SPAN_KIND_SERVER", 2L,
      "SPAN_KIND_CLIENT", 3L,
      "SPAN_KIND_PRODUCER", 4L,
      "SPAN_KIND_CONSUMER", 5L,
      "STATUS_CODE_UNSET", 0L,
      "STATUS_CODE_OK", 1L,
      "STATUS_CODE_ERROR", 2L);

  private TraceEnums() {}
}
