package dev.relay.ottl.context;

import com.google.protobuf.MessageOrBuilder;
import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Compiler;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Timestamp;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPointOrBuilder;

/**
 * The fields of the {@code datapoint} context, as the Collector's ottldatapoint: each reads nil, and a write changes
 * nothing, on a point of a kind that lacks the field (value_double on a histogram point, count on a gauge point).
 */
final class DataPointFields {
  static final String POINT_FIELDS = "attributes, start_time_unix_nano, time_unix_nano, start_time, time, "
      + "value_double, value_int, count, sum, flags, bucket_counts, explicit_bounds, scale, zero_count, "
      + "positive.offset, positive.bucket_counts, negative.offset, negative.bucket_counts, metric.*, resource.*, "
      + "instrumentation_scope.*";

  private DataPointFields() {}

  static Getter<MetricContext> getter(PathExpr path, int i, Compiler<MetricContext> c) throws OttlException {
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return AttributeFields.getter(path, i, ctx -> PointAttributes.list(ctx.point()), c);
    }
    if (name.equals("positive") || name.equals("negative")) {
      return BucketFields.getter(path, i);
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "start_time_unix_nano" -> ctx -> startTime(ctx.point());
      case "time_unix_nano" -> ctx -> time(ctx.point());
      case "start_time" -> ctx -> timestamp(startTime(ctx.point()));
      case "time" -> ctx -> timestamp(time(ctx.point()));
      case "value_double" -> ctx -> ctx.point() instanceof NumberDataPointOrBuilder n ? n.getAsDouble() : null;
      case "value_int" -> ctx -> ctx.point() instanceof NumberDataPointOrBuilder n ? n.getAsInt() : null;
      case "count" -> ctx -> count(ctx.point());
      case "sum" -> ctx -> sum(ctx.point());
      case "flags" -> ctx -> flags(ctx.point());
      case "bucket_counts" -> ctx -> ctx.point() instanceof HistogramDataPointOrBuilder h
          ? h.getBucketCountsList() : null;
      case "explicit_bounds" -> ctx -> ctx.point() instanceof HistogramDataPointOrBuilder h
          ? h.getExplicitBoundsList() : null;
      case "scale" -> ctx -> ctx.point() instanceof ExponentialHistogramDataPointOrBuilder e
          ? (Long) (long) e.getScale() : null;
      case "zero_count" -> ctx -> ctx.point() instanceof ExponentialHistogramDataPointOrBuilder e
          ? e.getZeroCount() : null;
      default -> throw PathChecks.unknown(path, POINT_FIELDS);
    };
  }

  static Setter<MetricContext> setter(PathExpr path, int i, Compiler<MetricContext> c) throws OttlException {
    String name = path.fields().get(i).name();
    if (name.equals("attributes")) {
      return AttributeFields.setter(path, i, PointAttributes.writer(), c);
    }
    if (name.equals("positive") || name.equals("negative")) {
      return BucketFields.setter(path, i);
    }
    PathChecks.last(path, i);
    return switch (name) {
      case "start_time_unix_nano" -> (ctx, v) -> setStartTime(ctx.point(), FieldValues.integer(path, v));
      case "time_unix_nano" -> (ctx, v) -> setTime(ctx.point(), FieldValues.integer(path, v));
      case "start_time" -> (ctx, v) -> setStartTime(ctx.point(), FieldValues.time(path, v));
      case "time" -> (ctx, v) -> setTime(ctx.point(), FieldValues.time(path, v));
      case "value_double" -> (ctx, v) -> {
        if (ctx.point() instanceof NumberDataPoint.Builder n) {
          n.setAsDouble(BucketFields.dbl(path, v));
        }
      };
      case "value_int" -> (ctx, v) -> {
        if (ctx.point() instanceof NumberDataPoint.Builder n) {
          n.setAsInt(FieldValues.integer(path, v));
        }
      };
      case "count" -> (ctx, v) -> setCount(ctx.point(), FieldValues.integer(path, v));
      case "sum" -> (ctx, v) -> setSum(ctx.point(), BucketFields.dbl(path, v));
      case "flags" -> (ctx, v) -> setFlags(ctx.point(), (int) FieldValues.integer(path, v));
      case "bucket_counts" -> (ctx, v) -> {
        if (ctx.point() instanceof HistogramDataPoint.Builder h) {
          h.clearBucketCounts().addAllBucketCounts(BucketFields.longs(path, v));
        }
      };
      case "explicit_bounds" -> (ctx, v) -> {
        if (ctx.point() instanceof HistogramDataPoint.Builder h) {
          h.clearExplicitBounds().addAllExplicitBounds(BucketFields.doubles(path, v));
        }
      };
      case "scale" -> (ctx, v) -> {
        if (ctx.point() instanceof ExponentialHistogramDataPoint.Builder e) {
          e.setScale((int) FieldValues.integer(path, v));
        }
      };
      case "zero_count" -> (ctx, v) -> {
        if (ctx.point() instanceof ExponentialHistogramDataPoint.Builder e) {
          e.setZeroCount(FieldValues.integer(path, v));
        }
      };
      default -> throw PathChecks.unknown(path, POINT_FIELDS);
    };
  }

  private static Timestamp timestamp(Long nanos) {
    return nanos == null ? null : new Timestamp(nanos);
  }

  static Long startTime(MessageOrBuilder p) {
    if (p instanceof NumberDataPointOrBuilder n) {
      return n.getStartTimeUnixNano();
    } else if (p instanceof HistogramDataPointOrBuilder h) {
      return h.getStartTimeUnixNano();
    } else if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.getStartTimeUnixNano();
    } else if (p instanceof SummaryDataPointOrBuilder s) {
      return s.getStartTimeUnixNano();
    }
    return null;
  }

  static Long time(MessageOrBuilder p) {
    if (p instanceof NumberDataPointOrBuilder n) {
      return n.getTimeUnixNano();
    } else if (p instanceof HistogramDataPointOrBuilder h) {
      return h.getTimeUnixNano();
    } else if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.getTimeUnixNano();
    } else if (p instanceof SummaryDataPointOrBuilder s) {
      return s.getTimeUnixNano();
    }
    return null;
  }

  private static Long count(MessageOrBuilder p) {
    if (p instanceof HistogramDataPointOrBuilder h) {
      return h.getCount();
    } else if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.getCount();
    } else if (p instanceof SummaryDataPointOrBuilder s) {
      return s.getCount();
    }
    return null;
  }

  private static Double sum(MessageOrBuilder p) {
    if (p instanceof HistogramDataPointOrBuilder h) {
      return h.hasSum() ? h.getSum() : null;
    } else if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.hasSum() ? e.getSum() : null;
    } else if (p instanceof SummaryDataPointOrBuilder s) {
      return s.getSum();
    }
    return null;
  }

  private static Long flags(MessageOrBuilder p) {
    if (p instanceof NumberDataPointOrBuilder n) {
      return (long) n.getFlags();
    } else if (p instanceof HistogramDataPointOrBuilder h) {
      return (long) h.getFlags();
    } else if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return (long) e.getFlags();
    } else if (p instanceof SummaryDataPointOrBuilder s) {
      return (long) s.getFlags();
    }
    return null;
  }

  private static void setStartTime(MessageOrBuilder p, long nanos) {
    if (p instanceof NumberDataPoint.Builder n) {
      n.setStartTimeUnixNano(nanos);
    } else if (p instanceof HistogramDataPoint.Builder h) {
      h.setStartTimeUnixNano(nanos);
    } else if (p instanceof ExponentialHistogramDataPoint.Builder e) {
      e.setStartTimeUnixNano(nanos);
    } else if (p instanceof SummaryDataPoint.Builder s) {
      s.setStartTimeUnixNano(nanos);
    }
  }

  private static void setTime(MessageOrBuilder p, long nanos) {
    if (p instanceof NumberDataPoint.Builder n) {
      n.setTimeUnixNano(nanos);
    } else if (p instanceof HistogramDataPoint.Builder h) {
      h.setTimeUnixNano(nanos);
    } else if (p instanceof ExponentialHistogramDataPoint.Builder e) {
      e.setTimeUnixNano(nanos);
    } else if (p instanceof SummaryDataPoint.Builder s) {
      s.setTimeUnixNano(nanos);
    }
  }

  private static void setCount(MessageOrBuilder p, long count) {
    if (p instanceof HistogramDataPoint.Builder h) {
      h.setCount(count);
    } else if (p instanceof ExponentialHistogramDataPoint.Builder e) {
      e.setCount(count);
    } else if (p instanceof SummaryDataPoint.Builder s) {
      s.setCount(count);
    }
  }

  private static void setSum(MessageOrBuilder p, double sum) {
    if (p instanceof HistogramDataPoint.Builder h) {
      h.setSum(sum);
    } else if (p instanceof ExponentialHistogramDataPoint.Builder e) {
      e.setSum(sum);
    } else if (p instanceof SummaryDataPoint.Builder s) {
      s.setSum(sum);
    }
  }

  private static void setFlags(MessageOrBuilder p, int flags) {
    if (p instanceof NumberDataPoint.Builder n) {
      n.setFlags(flags);
    } else if (p instanceof HistogramDataPoint.Builder h) {
      h.setFlags(flags);
    } else if (p instanceof ExponentialHistogramDataPoint.Builder e) {
      e.setFlags(flags);
    } else if (p instanceof SummaryDataPoint.Builder s) {
      s.setFlags(flags);
    }
  }
}
