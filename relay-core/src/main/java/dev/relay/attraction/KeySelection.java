package dev.relay.attraction;

import com.google.re2j.Pattern;

/** The attributes a delete or hash acts on: the one named {@code key}, then those whose keys match {@code pattern}. */
record KeySelection(String key, Pattern pattern) {
  /** Marks in {@code out} (as long as the attributes) the entries whose keys match the pattern; says if any did. */
  boolean matching(AttributeEditor attrs, boolean[] out) {
    boolean any = false;
    for (int i = 0; i < out.length; i++) {
      out[i] = Patterns.find(pattern, attrs.keyAt(i));
      any |= out[i];
    }
    return any;
  }
}
