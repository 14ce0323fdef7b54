package dev.relay.attraction;

/** {@code delete}: removes the attribute named {@code key}, then every attribute whose key matches {@code pattern}. */
final class DeleteAction implements Action {
  private final KeySelection keys;

  DeleteAction(KeySelection keys) {
    this.keys = keys;
  }

  @Override
  public void apply(AttributeEditor attrs) {
    if (keys.key() != null) {
      int i = attrs.indexOf(keys.key());
      if (i >= 0) {
        attrs.remove(i);
      }
    }
    if (keys.pattern() != null && attrs.size() > 0) {
      boolean[] remove = new boolean[attrs.size()];
      if (keys.matching(attrs, remove)) {
        attrs.removeAll(remove);
      }
    }
  }
}
