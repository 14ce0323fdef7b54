package dev.relay.ottl;

/** A compiled editor statement: runs its action on an item when its {@code where} condition (if any) holds. */
public final class Statement<T> {
  /** What an editor does to one item. */
  @FunctionalInterface
  public interface Action<T> {
    void run(T ctx);
  }

  private final String text;
  private final Action<T> action;
  private final Condition<T> where;

  Statement(String text, Action<T> action, Condition<T> where) {
    this.text = text;
    this.action = action;
    this.where = where;
  }

  /** Runs the statement on one item; an {@link OttlRuntimeException} means it failed on this item. */
  public void execute(T ctx) {
    if (where == null || where.test(ctx)) {
      action.run(ctx);
    }
  }

  public String text() {
    return text;
  }
}
