package dev.relay.processor;

import dev.relay.ottl.Compiler;
import java.util.function.Consumer;

/**
 * Visits every item of one OTTL context in a request being rebuilt ({@code R}, a request builder), with a context
 * object ({@code T}) that the compiled OTTL of that context reads and writes.
 */
public interface Walker<R, T> {
  Compiler<T> compiler();

  /** Calls {@code f} for every item of this context in {@code req}. */
  void each(R req, Consumer<T> f);
}
