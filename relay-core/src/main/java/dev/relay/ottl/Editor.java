package dev.relay.ottl;

import java.util.List;

/** An editor function ({@code set}, {@code delete_key}, ...): checks its arguments once, at compile time. */
public interface Editor {
  String name();

  /** Parameter names in order, for named arguments such as {@code truncation_marker = "..."}. */
  List<String> params();

  /** How many leading parameters are required. */
  int required();

  <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException;
}
