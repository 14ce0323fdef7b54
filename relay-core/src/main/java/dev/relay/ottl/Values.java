package dev.relay.ottl;

import com.google.protobuf.ByteString;
import dev.relay.ottl.Ast.CompareOp;
import io.opentelemetry.proto.common.v1.AnyValue;
import java.util.List;
import java.util.Objects;

/** Conversions and comparisons of OTTL values, with the Collector's typing rules. */
public final class Values {
  private Values() {}

  public static Object fromAny(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BYTES_VALUE -> v.getBytesValue();
      case ARRAY_VALUE -> new AttributeList(v.getArrayValue().getValuesList());
      case KVLIST_VALUE -> new AttributeMap(v.getKvlistValue().getValuesList());
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> null;
    };
  }

  /** {@code container[key]}: a map by string key, a list by int index; anything else is nil. */
  public static Object index(Object container, Object key) {
    if (container instanceof AttributeMap m && key instanceof String s) {
      return m.get(s);
    }
    if (container instanceof AttributeList l && key instanceof Long i) {
      return l.get(i);
    }
    if (container instanceof List<?> l && key instanceof Long i) {
      return i < 0 || i >= l.size() ? null : l.get(i.intValue());
    }
    return null;
  }

  /**
   * Text of a string-like value, as the Collector's StringLikeGetter: strings as they are, numbers and booleans
   * printed, ids as hex, times as RFC 3339; nil and maps/lists give null.
   */
  public static String stringLike(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Long || v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof Double d) {
      return formatDouble(d);
    }
    if (v instanceof Id id) {
      return id.hex();
    }
    if (v instanceof Timestamp t) {
      return t.rfc3339();
    }
    if (v instanceof ByteString b) {
      return Id.hex(b);
    }
    return null;
  }

  static String formatDouble(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  /** Applies a comparison: numbers compare across int and float, other types only with their own kind. */
  public static boolean compare(CompareOp op, Object a, Object b) {
    a = normalize(a);
    b = normalize(b);
    if (a == null || b == null) {
      boolean bothNil = a == null && b == null;
      return switch (op) {
        case EQ -> bothNil;
        case NE -> !bothNil;
        default -> false;
      };
    }
    int cmp;
    if (a instanceof Long x && b instanceof Long y) {
      cmp = Long.compare(x, y);
    } else if (a instanceof Number x && b instanceof Number y) {
      cmp = Double.compare(x.doubleValue(), y.doubleValue());
      if (Double.isNaN(x.doubleValue()) || Double.isNaN(y.doubleValue())) {
        return op == CompareOp.NE;
      }
    } else if (a instanceof String x && b instanceof String y) {
      cmp = x.compareTo(y);
    } else if (a instanceof ByteString x && b instanceof ByteString y) {
      cmp = ByteString.unsignedLexicographicalComparator().compare(x, y);
    } else if (a instanceof Boolean x && b instanceof Boolean y) {
      return switch (op) {
        case EQ -> x.equals(y);
        case NE -> !x.equals(y);
        default -> false;
      };
    } else if (a.getClass() == b.getClass()) {
      return switch (op) {
        case EQ -> Objects.equals(a, b);
        case NE -> !Objects.equals(a, b);
        default -> false;
      };
    } else {
      return op == CompareOp.NE;
    }
    return switch (op) {
      case EQ -> cmp == 0;
      case NE -> cmp != 0;
      case LT -> cmp < 0;
      case LE -> cmp <= 0;
      case GT -> cmp > 0;
      case GE -> cmp >= 0;
    };
  }

  private static Object normalize(Object v) {
    if (v instanceof Id id) {
      return id.bytes();
    }
    if (v instanceof Timestamp t) {
      return t.unixNano();
    }
    if (v instanceof Integer i) {
      return i.longValue();
    }
    return v;
  }
}
