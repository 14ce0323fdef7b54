package dev.relay.ottl.context;

import com.google.protobuf.ByteString;
import dev.relay.ottl.Ast.Field;
import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.Getter;
import dev.relay.ottl.Id;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.OttlRuntimeException;
import java.util.List;
import java.util.function.Function;

/**
 * Id fields ({@code trace_id}, {@code span_id}, ...): read as an {@link Id}, or as hex with {@code .string}; set from
 * an id of the right length.
 */
final class IdFields {
  private IdFields() {}

  static <T> Getter<T> getter(PathExpr path, int i, Function<T, ByteString> bytes) throws OttlException {
    List<Field> f = path.fields();
    PathChecks.noKeys(path, i);
    if (i + 1 < f.size()) {
      if (!f.get(i + 1).name().equals("string")) {
        throw PathChecks.unknown(path, f.get(i).name() + " or " + f.get(i).name() + ".string");
      }
      PathChecks.last(path, i + 1);
      return ctx -> Id.hex(bytes.apply(ctx));
    }
    return ctx -> new Id(bytes.apply(ctx));
  }

  static ByteString bytes(PathExpr path, Object v, int size) {
    ByteString b = v instanceof Id id ? id.bytes() : v instanceof ByteString bs ? bs : null;
    if (b == null || b.size() != size) {
      throw new OttlRuntimeException(
          path.dotted() + " must be set to a " + size + "-byte id, not " + FieldValues.typeName(v));
    }
    return b;
  }
}
