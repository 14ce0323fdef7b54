package dev.relay.ottl;

/** A compiled path that can be written: the target of an editor such as {@code set}. */
@FunctionalInterface
public interface Setter<T> {
  /**
   * Writes {@code value} (an OTTL value) to the path.
   *
   * @throws OttlRuntimeException when the value has the wrong type for the path
   */
  void set(T ctx, Object value);

  /**
   * This setter for a statement that always writes {@code value} (a literal): it may prepare what it writes once.
   * The returned setter is then called with that same value.
   */
  default Setter<T> withConstant(Object value) {
    return this;
  }
}
