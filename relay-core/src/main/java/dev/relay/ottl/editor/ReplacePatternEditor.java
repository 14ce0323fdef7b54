package dev.relay.ottl.editor;

import com.google.re2j.Pattern;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Statement;

/** {@code replace_pattern(target, regex, replacement[, function[, format]])} on one string; nil is left alone. */
final class ReplacePatternEditor extends EditorBase {
  ReplacePatternEditor() {
    super("replace_pattern", 3, "target", "regex", "replacement", "function", "replacementFormat");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    Getter<T> get = args.getter(0);
    Setter<T> set = args.setter(0);
    Pattern p = args.regex(1);
    Replacement r = Replacement.of(args, 2);
    return ctx -> {
      if (get.get(ctx) instanceof String s) {
        String out = r.replaceAll(p, s);
        if (!out.equals(s)) {
          set.set(ctx, out);
        }
      }
    };
  }
}
