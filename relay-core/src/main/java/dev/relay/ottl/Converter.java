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

  /**
   * The Collector's parameter names, for named arguments ({@code ParseCSV(body, "a|b", delimiter = "|")}); empty
   * when the converter takes positional arguments only.
   */
  default List<String> params() {
    return List.of();
  }

  /**
   * The literal a skipped optional parameter takes when a later one is named, given the arguments so far (null
   * where skipped); null when the parameter cannot be skipped.
   */
  default Object defaultFor(int index, Ast.Expr[] given) {
    return null;
  }

  /** Whether the converter always yields a boolean, so it may stand alone as a condition. */
  default boolean returnsBoolean() {
    return false;
  }
}
