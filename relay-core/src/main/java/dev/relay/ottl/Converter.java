package dev.relay.ottl;

import java.util.List;

/** A converter function ({@code IsMatch}, {@code Concat}, ...): checks its arguments once, at compile time. */
public interface Converter {
  String name();

  <T> Getter<T> compile(List<Arg<T>> args) throws OttlException;

  /** Whether the converter always yields a boolean, so it may stand alone as a condition. */
  default boolean returnsBoolean() {
    return false;
  }
}
