package dev.relay.ottl.editor;

import com.google.re2j.Pattern;
import dev.relay.ottl.EditorArgs;
import dev.relay.ottl.Getter;
import dev.relay.ottl.OttlException;
import dev.relay.ottl.Regexes;
import dev.relay.ottl.Setter;
import dev.relay.ottl.Statement;

/** {@code replace_match(target, glob, replacement[, function[, format]])}: replaces the whole string on a match. */
final class ReplaceMatchEditor extends EditorBase {
  ReplaceMatchEditor() {
    super("replace_match", 3, "target", "pattern", "replacement", "function", "replacementFormat");
  }

  @Override
  public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
    Getter<T> get = args.getter(0);
    Setter<T> set = args.setter(0);
    Pattern glob = GoGlob.compile(args.literalString(1, "the pattern"), name());
    Replacement r = Replacement.of(args, 2);
    return ctx -> {
      if (get.get(ctx) instanceof String s && Regexes.matches(glob, s)) {
        set.set(ctx, r.finish(r.template()));
      }
    };
  }
}
