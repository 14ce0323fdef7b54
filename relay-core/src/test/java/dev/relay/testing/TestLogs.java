package dev.relay.testing;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;

/**
 * OTLP log requests built the way they nest, for tests, as {@link TestTraces} builds trace requests:
 * {@code request(resource(KeyValues.of("service.name", "a"), scope("s", record("policy.decision"))))}.
 */
public final class TestLogs {
  private TestLogs() {}

  public static ExportLogsServiceRequest request(ResourceLogs... resources) {
    return ExportLogsServiceRequest.newBuilder().addAllResourceLogs(List.of(resources)).build();
  }

  /** A request of one resource and one scope, both without fields, holding {@code records}. */
  public static ExportLogsServiceRequest request(LogRecord.Builder... records) {
    return request(resource(scope(records)));
  }

  public static ResourceLogs resource(List<KeyValue> attributes, ScopeLogs... scopes) {
    return ResourceLogs.newBuilder().setResource(Resource.newBuilder().addAllAttributes(attributes))
        .addAllScopeLogs(List.of(scopes)).build();
  }

  /** A resource without attributes (no resource field at all). */
  public static ResourceLogs resource(ScopeLogs... scopes) {
    return ResourceLogs.newBuilder().addAllScopeLogs(List.of(scopes)).build();
  }

  public static ScopeLogs scope(String name, LogRecord.Builder... records) {
    return scope(records).toBuilder().setScope(InstrumentationScope.newBuilder().setName(name)).build();
  }

  /** A scope without a name (no scope field at all). */
  public static ScopeLogs scope(LogRecord.Builder... records) {
    ScopeLogs.Builder scope = ScopeLogs.newBuilder();
    for (LogRecord.Builder record : records) {
      scope.addLogRecords(record);
    }
    return scope.build();
  }

  /** A log record with an event name and these attributes; set anything else on the builder. */
  public static LogRecord.Builder record(String eventName, KeyValue... attributes) {
    return LogRecord.newBuilder().setEventName(eventName).addAllAttributes(List.of(attributes));
  }
}
