package dev.relay.ottl.context;

import com.google.protobuf.MessageOrBuilder;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPointOrBuilder;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.metrics.v1.SummaryDataPointOrBuilder;
import java.util.List;

/** The attributes of a data point of any of the four kinds: read from a message or builder, written to a builder. */
final class PointAttributes {
  private PointAttributes() {}

  static List<KeyValue> list(MessageOrBuilder p) {
    if (p instanceof NumberDataPointOrBuilder n) {
      return n.getAttributesList();
    }
    if (p instanceof HistogramDataPointOrBuilder h) {
      return h.getAttributesList();
    }
    if (p instanceof ExponentialHistogramDataPointOrBuilder e) {
      return e.getAttributesList();
    }
    if (p instanceof SummaryDataPointOrBuilder s) {
      return s.getAttributesList();
    }
    return List.of();
  }

  static int count(MessageOrBuilder p) {
    return list(p).size();
  }

  static KeyValue at(MessageOrBuilder p, int i) {
    return list(p).get(i);
  }

  static void setAt(MessageOrBuilder p, int i, KeyValue kv) {
    if (p instanceof NumberDataPoint.Builder b) {
      b.setAttributes(i, kv);
    } else if (p instanceof HistogramDataPoint.Builder b) {
      b.setAttributes(i, kv);
    } else if (p instanceof ExponentialHistogramDataPoint.Builder b) {
      b.setAttributes(i, kv);
    } else if (p instanceof SummaryDataPoint.Builder b) {
      b.setAttributes(i, kv);
    } else {
      throw readOnly();
    }
  }

  static void add(MessageOrBuilder p, KeyValue kv) {
    if (p instanceof NumberDataPoint.Builder b) {
      b.addAttributes(kv);
    } else if (p instanceof HistogramDataPoint.Builder b) {
      b.addAttributes(kv);
    } else if (p instanceof ExponentialHistogramDataPoint.Builder b) {
      b.addAttributes(kv);
    } else if (p instanceof SummaryDataPoint.Builder b) {
      b.addAttributes(kv);
    } else {
      throw readOnly();
    }
  }

  static void replaceAll(MessageOrBuilder p, List<KeyValue> all) {
    if (p instanceof NumberDataPoint.Builder b) {
      b.clearAttributes().addAllAttributes(all);
    } else if (p instanceof HistogramDataPoint.Builder b) {
      b.clearAttributes().addAllAttributes(all);
    } else if (p instanceof ExponentialHistogramDataPoint.Builder b) {
      b.clearAttributes().addAllAttributes(all);
    } else if (p instanceof SummaryDataPoint.Builder b) {
      b.clearAttributes().addAllAttributes(all);
    } else {
      throw readOnly();
    }
  }

  static AttributeWriter<MetricContext, MessageOrBuilder> writer() {
    return new AttributeWriter<>(MetricContext::point, PointAttributes::count, PointAttributes::at,
        PointAttributes::list, PointAttributes::setAt, PointAttributes::add, PointAttributes::replaceAll);
  }

  private static IllegalStateException readOnly() {
    return new IllegalStateException("a data point is changed only through its builder");
  }
}
