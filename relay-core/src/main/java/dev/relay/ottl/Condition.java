package dev.relay.ottl;

/** A compiled boolean expression. */
@FunctionalInterface
public interface Condition<T> {
  boolean test(T ctx);

  static <T> Condition<T> always() {
    return ctx -> true;
  }
}
