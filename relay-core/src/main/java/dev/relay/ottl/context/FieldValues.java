package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.AttributeList;
import dev.relay.ottl.AttributeMap;
import dev.relay.ottl.OttlRuntimeException;
import dev.relay.ottl.Timestamp;
import java.util.List;

/** The values a field can be set to, by type; anything else fails on that item, naming the path and the type. */
final class FieldValues {
  private FieldValues() {}

  static String string(PathExpr path, Object v) {
    if (v instanceof String s) {
      return s;
    }
    throw new OttlRuntimeException(path.dotted() + " must be set to a string, not " + typeName(v));
  }

  static long integer(PathExpr path, Object v) {
    if (v instanceof Long l) {
      return l;
    }
    throw new OttlRuntimeException(path.dotted() + " must be set to an int, not " + typeName(v));
  }

  static long time(PathExpr path, Object v) {
    if (v instanceof Timestamp t) {
      return t.unixNano();
    }
    throw new OttlRuntimeException(path.dotted() + " must be set to a time, not " + typeName(v));
  }

  static String typeName(Object v) {
    if (v == null) {
      return "nil";
    }
    if (v instanceof AttributeMap) {
      return "a map";
    }
    if (v instanceof AttributeList || v instanceof List<?>) {
      return "a list";
    }
    return switch (v.getClass().getSimpleName()) {
      case "String" -> "a string";
      case "Long" -> "an int";
      case "Double" -> "a float";
      case "Boolean" -> "a bool";
      case "ByteString" -> "bytes";
      default -> "a " + v.getClass().getSimpleName();
    };
  }
}
