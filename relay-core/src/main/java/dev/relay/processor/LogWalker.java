package dev.relay.processor;

import dev.relay.ottl.Compiler;
import dev.relay.ottl.context.LogContext;
import dev.relay.ottl.context.LogPaths;
import dev.relay.ottl.context.ResourceContext;
import dev.relay.ottl.context.ResourcePaths;
import dev.relay.ottl.context.ScopeContext;
import dev.relay.ottl.context.ScopePaths;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.util.Locale;
import java.util.function.Consumer;

/** The OTTL contexts of the log signal, each a {@link Walker} over a logs request being rebuilt. */
public enum LogWalker {
  RESOURCE,
  SCOPE,
  LOG;

  public static LogWalker fromConfig(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "resource" -> RESOURCE;
      case "scope", "instrumentation_scope" -> SCOPE;
      case "log" -> LOG;
      default -> null;
    };
  }

  /**
   * The context of statements whose group names none: the innermost one their paths mention by prefix
   * ({@code resource.}, {@code instrumentation_scope.}, {@code log.}), and {@code log} when none does.
   */
  public static LogWalker infer(Iterable<String> heads) {
    LogWalker found = null;
    for (String h : heads) {
      LogWalker k = switch (h) {
        case "resource" -> RESOURCE;
        case "scope", "instrumentation_scope" -> SCOPE;
        default -> LOG;
      };
      if (found == null || k.ordinal() > found.ordinal()) {
        found = k;
      }
    }
    return found == null ? LOG : found;
  }

  public Walker<ExportLogsServiceRequest.Builder, ?> walker() {
    return switch (this) {
      case RESOURCE -> new Walker<ExportLogsServiceRequest.Builder, ResourceContext>() {
        @Override
        public Compiler<ResourceContext> compiler() {
          return ResourcePaths.compiler();
        }

        @Override
        public void each(ExportLogsServiceRequest.Builder req, Consumer<ResourceContext> f) {
          ResourceContext ctx = new ResourceContext();
          for (ResourceLogs.Builder rl : req.getResourceLogsBuilderList()) {
            f.accept(ctx.set(rl.getResourceBuilder()));
          }
        }
      };
      case SCOPE -> new Walker<ExportLogsServiceRequest.Builder, ScopeContext>() {
        @Override
        public Compiler<ScopeContext> compiler() {
          return ScopePaths.compiler();
        }

        @Override
        public void each(ExportLogsServiceRequest.Builder req, Consumer<ScopeContext> f) {
          ScopeContext ctx = new ScopeContext();
          for (ResourceLogs.Builder rl : req.getResourceLogsBuilderList()) {
            for (ScopeLogs.Builder sl : rl.getScopeLogsBuilderList()) {
              f.accept(ctx.set(rl.getResourceBuilder(), sl.getScopeBuilder()));
            }
          }
        }
      };
      case LOG -> new Walker<ExportLogsServiceRequest.Builder, LogContext>() {
        @Override
        public Compiler<LogContext> compiler() {
          return LogPaths.compiler();
        }

        @Override
        public void each(ExportLogsServiceRequest.Builder req, Consumer<LogContext> f) {
          LogContext ctx = new LogContext();
          for (ResourceLogs.Builder rl : req.getResourceLogsBuilderList()) {
            for (ScopeLogs.Builder sl : rl.getScopeLogsBuilderList()) {
              for (LogRecord.Builder r : sl.getLogRecordsBuilderList()) {
                f.accept(ctx.set(rl.getResourceBuilder(), sl.getScopeBuilder(), r));
              }
            }
          }
        }
      };
    };
  }
}
