package dev.relay.ottl;

import java.util.List;

/** A converter function ({@code IsMatch}, {@code Concat}, ...): checks its arguments once, at compile time. */
public interface Converter {
  String name();

  <T> Getter<T> compile(List<Arg<T>> args) throws OttlException;

  /**
   * Applies a one-argument converter to a value, for editors that take a converter as their {@code function}
   * argument (e.g. {@code replace_pattern(..., SHA256)}).
   */
  default Object apply(Object value) {
    throw new OttlRuntimeException(name() + " cannot be used as a function argument");
  }

  /** Whether the converter always yields a boolean, so it may stand alone as a condition. */
  default boolean returnsBoolean() {
    return false;
  }
}
