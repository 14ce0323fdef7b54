package dev.relay.ottl;

/**
 * The editors a {@link Compiler} may start a statement with, by name. The language does not know the built-in ones
 * ({@code dev.relay.ottl.editor.Editors}): they are handed to it, so the editors, which build on the language, are
 * not also a part it depends on.
 */
public interface EditorSet {
  /** The editor called {@code name}, or null. */
  Editor get(String name);

  /** The names known, for a message about an unknown one. */
  String names();

  /** The names known, one by one (to find the one closest to a misspelt name). */
  default java.util.Collection<String> nameSet() {
    return java.util.List.of(names().split(", "));
  }
}
