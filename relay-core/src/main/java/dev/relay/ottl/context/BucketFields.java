package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.AttributeList;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Values;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPointOrBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code positive.offset}, {@code positive.bucket_counts} and the same of {@code negative}, of an exponential
 * histogram point; and the list and float values the bucket fields are set to.
 */
final class BucketFields {
  private BucketFields() {}

  private static String sub(PathExpr path, int i) throws OttlException {
    PathChecks.noKeys(path, i);
    PathChecks.expectMore(path, i, path.fields().get(i).name() + ".offset");
    PathChecks.last(path, i + 1);
    String sub = path.fields().get(i + 1).name();
    if (!sub.equals("offset") && !sub.equals("bucket_counts")) {
      throw PathChecks.unknown(path, DataPointFields.POINT_FIELDS);
    }
    return sub;
  }

  static Getter<MetricContext> getter(PathExpr path, int i) throws OttlException {
    boolean positive = path.fields().get(i).name().equals("positive");
    boolean offset = sub(path, i).equals("offset");
    return ctx -> {
      if (!(ctx.point() instanceof ExponentialHistogramDataPointOrBuilder e)) {
        return null;
      }
      var buckets = positive ? e.getPositive() : e.getNegative();
      return offset ? (Object) (long) buckets.getOffset() : buckets.getBucketCountsList();
    };
  }

  static Setter<MetricContext> setter(PathExpr path, int i) throws OttlException {
    boolean positive = path.fields().get(i).name().equals("positive");
    boolean offset = sub(path, i).equals("offset");
    return (ctx, v) -> {
      if (!(ctx.point() instanceof ExponentialHistogramDataPoint.Builder e)) {
        return;
      }
      var buckets = positive ? e.getPositiveBuilder() : e.getNegativeBuilder();
      if (offset) {
        buckets.setOffset((int) FieldValues.integer(path, v));
      } else {
        buckets.clearBucketCounts().addAllBucketCounts(longs(path, v));
      }
    };
  }

  static double dbl(PathExpr path, Object v) {
    if (v instanceof Double d) {
      return d;
    }
    throw new OttlRuntimeException(path.dotted() + " must be set to a float, not " + FieldValues.typeName(v));
  }

  static List<Long> longs(PathExpr path, Object v) {
    List<Long> out = new ArrayList<>();
    for (Object item : items(path, v)) {
      if (!(item instanceof Long l)) {
        throw new OttlRuntimeException(path.dotted() + " must be set to a list of ints, found "
            + FieldValues.typeName(item));
      }
      out.add(l);
    }
    return out;
  }

  static List<Double> doubles(PathExpr path, Object v) {
    List<Double> out = new ArrayList<>();
    for (Object item : items(path, v)) {
      if (!(item instanceof Double d)) {
        throw new OttlRuntimeException(path.dotted() + " must be set to a list of floats, found "
            + FieldValues.typeName(item));
      }
      out.add(d);
    }
    return out;
  }

  private static List<?> items(PathExpr path, Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof AttributeList l) {
      return l.items().stream().map(Values::fromAny).toList();
    }
    throw new OttlRuntimeException(path.dotted() + " must be set to a list, not " + FieldValues.typeName(v));
  }
}
