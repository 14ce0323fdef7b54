package dev.relay.ottl.context;

import com.google.protobuf.ByteString;
import dev.relay.ottl.Arg;
import dev.relay.ottl.Converter;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import io.opentelemetry.proto.trace.v1.SpanOrBuilder;
import java.util.List;
import java.util.function.Function;

/**
 * {@code IsRootSpan()} of the span context: whether the span has no parent (its parent span id is
 * empty or all zero, as pdata's {@code IsEmpty}). Registered only with the compiler of context {@code C}.
 */
final class IsRootSpan<C> implements Converter {
  private final Function<C, ? extends SpanOrBuilder> span;

  IsRootSpan(Function<C, ? extends SpanOrBuilder> span) {
    this.span = span;
  }

  @Override
  public String name() {
    return "IsRootSpan";
  }

  @Override
  public boolean returnsBoolean() {
    return true;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
    if (!args.isEmpty()) {
      throw new OttlException("IsRootSpan takes no arguments, found " + args.size());
    }
    // Only the compiler of context C has this converter, so T is C.
    Getter<C> g = ctx -> isRoot(span.apply(ctx).getParentSpanId());
    return (Getter<T>) (Getter<?>) g;
  }

  static boolean isRoot(ByteString parent) {
    for (int i = 0; i < parent.size(); i++) {
      if (parent.byteAt(i) != 0) {
        return false;
      }
    }
    return true;
  }
}
