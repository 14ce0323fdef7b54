package dev.relay.ottl.editor;

import dev.relay.ottl.Editor;
import java.util.List;

/** An editor's signature: its name, its parameters in order, and how many of them are required. */
abstract class EditorBase implements Editor {
  private final String name;
  private final List<String> params;
  private final int required;

  EditorBase(String name, int required, String... params) {
    this.name = name;
    this.required = required;
    this.params = List.of(params);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<String> params() {
    return params;
  }

  @Override
  public int required() {
    return required;
  }
}
