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

  /** An OTTL value as an OTLP attribute value; null stays null (callers skip it). */
  public static AnyValue toAny(Object v) {
    if (v == null) {
      return null;
    }
    AnyValue.Builder b = AnyValue.newBuilder();
    if (v instanceof String s) {
      b.setStringValue(s);
    } else if (v instanceof Long l) {
      b.setIntValue(l);
    } else if (v instanceof Integer i) {
      b.setIntValue(i);
    } else if (v instanceof Double d) {
      b.setDoubleValue(d);
    } else if (v instanceof Boolean x) {
      b.setBoolValue(x);
    } else if (v instanceof ByteString bytes) {
      b.setBytesValue(bytes);
    } else if (v instanceof Id id) {
      b.setBytesValue(id.bytes());
    } else if (v instanceof Timestamp t) {
      b.setIntValue(t.unixNano());
    } else if (v instanceof AttributeMap m) {
      b.setKvlistValue(io.opentelemetry.proto.common.v1.KeyValueList.newBuilder().addAllValues(m.entries()));
    } else if (v instanceof AttributeList l) {
      b.setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addAllValues(l.items()));
    } else if (v instanceof List<?> l) {
      var arr = io.opentelemetry.proto.common.v1.ArrayValue.newBuilder();
      for (Object item : l) {
        AnyValue a = toAny(item);
        arr.addValues(a == null ? AnyValue.getDefaultInstance() : a);
      }
      b.setArrayValue(arr);
    } else if (v instanceof java.util.Map<?, ?> m) {
      var kvl = io.opentelemetry.proto.common.v1.KeyValueList.newBuilder();
      for (var e : m.entrySet()) {
        AnyValue a = toAny(e.getValue());
        kvl.addValues(io.opentelemetry.proto.common.v1.KeyValue.newBuilder().setKey(String.valueOf(e.getKey()))
            .setValue(a == null ? AnyValue.getDefaultInstance() : a));
      }
      b.setKvlistValue(kvl);
    } else {
      throw new OttlRuntimeException("cannot store a " + v.getClass().getSimpleName() + " in an attribute");
    }
    return b.build();
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

  /**
   * Applies a comparison by the Collector's rules: nil equals only nil (and {@code nil <= nil}); ints and floats
   * compare with each other; strings, bytes, booleans ({@code false < true}) and times compare with their own kind;
   * maps, lists and ids compare for equality only; any other pair is unequal and unordered.
   */
  public static boolean compare(CompareOp op, Object a, Object b) {
    a = normalize(a);
    b = normalize(b);
    if (a == null && b == null) {
      return op == CompareOp.EQ || op == CompareOp.LE || op == CompareOp.GE;
    }
    if (a == null || b == null) {
      return op == CompareOp.NE;
    }
    int cmp;
    if (a instanceof Long x && b instanceof Long y) {
      cmp = Long.compare(x, y);
    } else if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      // IEEE semantics, as Go: every comparison with NaN is false except !=
      return switch (op) {
        case EQ -> x == y;
        case NE -> x != y;
        case LT -> x < y;
        case LE -> x <= y;
        case GT -> x > y;
        case GE -> x >= y;
      };
    } else if (a instanceof String x && b instanceof String y) {
      cmp = x.compareTo(y);
    } else if (a instanceof ByteString x && b instanceof ByteString y) {
      cmp = ByteString.unsignedLexicographicalComparator().compare(x, y);
    } else if (a instanceof Boolean x && b instanceof Boolean y) {
      cmp = Boolean.compare(x, y);
    } else if (a instanceof Timestamp x && b instanceof Timestamp y) {
      cmp = Long.compare(x.unixNano(), y.unixNano());
    } else if (a.getClass() == b.getClass() || isList(a) && isList(b)) {
      boolean equal = deepEquals(a, b);
      return switch (op) {
        case EQ -> equal;
        case NE -> !equal;
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

  private static boolean isList(Object v) {
    return v instanceof List<?> || v instanceof AttributeList;
  }

  private static boolean deepEquals(Object a, Object b) {
    if (a instanceof AttributeMap || isList(a)) {
      return toRaw(a).equals(toRaw(b));
    }
    return Objects.equals(a, b);
  }

  /** A plain Java form of a value (maps as {@link java.util.LinkedHashMap}, lists as lists) for deep equality. */
  public static Object toRaw(Object v) {
    if (v instanceof AttributeMap m) {
      java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
      for (var kv : m.entries()) {
        out.put(kv.getKey(), toRaw(fromAny(kv.getValue())));
      }
      return out;
    }
    if (v instanceof AttributeList l) {
      List<Object> out = new java.util.ArrayList<>();
      for (var item : l.items()) {
        out.add(toRaw(fromAny(item)));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new java.util.ArrayList<>();
      for (Object item : l) {
        out.add(toRaw(item));
      }
      return out;
    }
    return v;
  }

  private static Object normalize(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    return v;
  }
}
