package dev.relay.attraction;

/** One configured action, applied to the attributes of one item. */
interface Action {
  void apply(AttributeEditor attrs);
}
