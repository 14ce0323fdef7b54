package dev.relay.processor.attributes;

import com.google.re2j.Pattern;
import dev.relay.attraction.Patterns;
import java.util.List;
import java.util.Set;

/** A set of strings to match a text against: equal to one ({@code strict}), or one found in it ({@code regexp}). */
interface StringFilter {
  boolean matches(String text);

  static StringFilter strict(List<String> items) {
    Set<String> set = Set.copyOf(items);
    return set::contains;
  }

  static StringFilter regexp(List<Pattern> patterns) {
    Pattern[] ps = patterns.toArray(new Pattern[0]);
    return text -> {
      for (Pattern p : ps) {
        if (Patterns.find(p, text)) {
          return true;
        }
      }
      return false;
    };
  }
}
