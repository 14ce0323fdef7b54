package dev.relay.ottl;

import dev.relay.otlp.KeyedAttributes;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The built-in editors, with the Collector's semantics (documented per editor in the README). */
public final class Editors {
  private final Map<String, Editor> byName;

  private Editors(Map<String, Editor> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static Editors standard() {
    Map<String, Editor> m = new TreeMap<>();
    for (Editor e : List.of(new SetEditor(), new DeleteKey(), new DeleteMatchingKeys(), new KeepKeys(),
        new KeepMatchingKeys(), new ReplacePattern(), new ReplaceAllPatterns(), new ReplaceMatch(),
        new TruncateAll(), new Limit(), new MergeMaps())) {
      m.put(e.name(), e);
    }
    return new Editors(m);
  }

  public Editor get(String name) {
    return byName.get(name);
  }

  public String names() {
    return String.join(", ", new TreeMap<>(byName).keySet());
  }

  static AttributeMap requireMap(String editor, Object v) {
    if (v instanceof AttributeMap m) {
      return m;
    }
    throw new OttlRuntimeException(editor + " expects a map, got " + (v == null ? "nil" : v.getClass().getSimpleName()));
  }

  private abstract static class Base implements Editor {
    private final String name;
    private final List<String> params;
    private final int required;

    Base(String name, int required, String... params) {
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

  /** Rewrites a map target through {@code f}; the map is written back only when {@code f} changed it. */
  private abstract static class MapEditor extends Base {
    MapEditor(String name, int required, String... params) {
      super(name, required, params);
    }

    interface Rewrite<T> {
      /** The new entries, or null when nothing changes. */
      List<KeyValue> apply(T ctx, List<KeyValue> entries);
    }

    <T> Statement.Action<T> onMap(EditorArgs<T> args, Rewrite<T> f) throws OttlException {
      Getter<T> get = args.getter(0);
      Setter<T> set = args.setter(0);
      return ctx -> {
        AttributeMap map = requireMap(name(), get.get(ctx));
        List<KeyValue> out = f.apply(ctx, map.entries());
        if (out != null) {
          set.set(ctx, new AttributeMap(out));
        }
      };
    }

    static List<KeyValue> filter(List<KeyValue> in, java.util.function.Predicate<String> keep) {
      List<KeyValue> out = null;
      for (int i = 0; i < in.size(); i++) {
        // keys only: an entry still in the request's bytes is not decoded to be passed over
        boolean k = keep.test(KeyedAttributes.keyAt(in, i));
        if (!k && out == null) {
          out = new ArrayList<>(in.subList(0, i));
        } else if (k && out != null) {
          out.add(in.get(i));
        }
      }
      return out;
    }
  }

  /** {@code set(target, value)}: writes value; a nil value changes nothing. */
  static final class SetEditor extends Base {
    SetEditor() {
      super("set", 2, "target", "value");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      Setter<T> target = args.setter(0);
      Getter<T> value = args.getter(1);
      Object constant = args.literal(1);
      if (constant != null) {
        Setter<T> prepared = target.withConstant(constant);
        return ctx -> prepared.set(ctx, constant);
      }
      return ctx -> {
        Object v = value.get(ctx);
        if (v != null) {
          target.set(ctx, v);
        }
      };
    }
  }

  static final class DeleteKey extends MapEditor {
    DeleteKey() {
      super("delete_key", 2, "target", "key");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      String key = args.literalString(1, "the key");
      // Most maps do not have the key: find that out without looking at (or decoding) every entry's key.
      return onMap(args, (ctx, entries) -> KeyedAttributes.indexOfKey(entries, key) < 0
          ? null
          : filter(entries, k -> !k.equals(key)));
    }
  }

  static final class DeleteMatchingKeys extends MapEditor {
    DeleteMatchingKeys() {
      super("delete_matching_keys", 2, "target", "pattern");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      Pattern p = args.regex(1);
      return onMap(args, (ctx, entries) -> filter(entries, k -> !Regexes.find(p, k)));
    }
  }

  static final class KeepKeys extends MapEditor {
    KeepKeys() {
      super("keep_keys", 2, "target", "keys");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      Set<String> keys = new HashSet<>(args.literalStrings(1, "the keys"));
      return onMap(args, (ctx, entries) -> filter(entries, keys::contains));
    }
  }

  static final class KeepMatchingKeys extends MapEditor {
    KeepMatchingKeys() {
      super("keep_matching_keys", 2, "target", "pattern");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      Pattern p = args.regex(1);
      return onMap(args, (ctx, entries) -> filter(entries, k -> Regexes.find(p, k)));
    }
  }

  /** Replacement text after Go's {@code regexp.Expand}: {@code $1}, {@code ${1}}, {@code $name}, {@code $$}. */
  record Replacement(String template, Converter function, String format) {
    String expand(Matcher m) {
      StringBuilder out = new StringBuilder();
      int i = 0;
      while (i < template.length()) {
        char c = template.charAt(i);
        if (c != '$' || i + 1 >= template.length()) {
          out.append(c);
          i++;
          continue;
        }
        char n = template.charAt(i + 1);
        if (n == '$') {
          out.append('$');
          i += 2;
          continue;
        }
        String name;
        int next;
        if (n == '{') {
          int close = template.indexOf('}', i + 2);
          if (close < 0) {
            out.append(c);
            i++;
            continue;
          }
          name = template.substring(i + 2, close);
          next = close + 1;
        } else {
          int j = i + 1;
          while (j < template.length()
              && (Character.isLetterOrDigit(template.charAt(j)) || template.charAt(j) == '_')) {
            j++;
          }
          if (j == i + 1) {
            out.append(c);
            i++;
            continue;
          }
          name = template.substring(i + 1, j);
          next = j;
        }
        out.append(group(m, name));
        i = next;
      }
      return out.toString();
    }

    /** Go: an all-digit name is a group number; a group that does not exist expands to nothing. */
    private static String group(Matcher m, String name) {
      String v = null;
      try {
        if (name.chars().allMatch(Character::isDigit)) {
          int g = Integer.parseInt(name);
          v = g <= m.groupCount() ? m.group(g) : null;
        } else {
          v = m.group(name);
        }
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        v = null;
      }
      return v == null ? "" : v;
    }

    String finish(String expanded) {
      String s = expanded;
      if (function != null) {
        Object r = function.apply(s);
        s = r == null ? "" : Values.stringLike(r);
      }
      return format == null ? s : format.replace("%s", s);
    }

    /** Replaces successive matches; like Go, an empty match right after a previous match is skipped. */
    String replaceAll(Pattern p, String input) {
      try {
        return replaceAllUnguarded(p, input);
      } catch (StackOverflowError e) {
        throw Regexes.tooDeep(input);
      }
    }

    private String replaceAllUnguarded(Pattern p, String input) {
      Matcher m = Regexes.matcher(p, input);
      StringBuilder out = null;
      int last = 0;
      int prevEnd = -1;
      while (m.find()) {
        if (m.start() == m.end() && m.start() == prevEnd) {
          continue;
        }
        if (out == null) {
          out = new StringBuilder(input.length() + 16);
        }
        out.append(input, last, m.start()).append(finish(expand(m)));
        last = m.end();
        prevEnd = m.end();
      }
      return out == null ? input : out.append(input, last, input.length()).toString();
    }

    static Replacement of(EditorArgs<?> args, int at) throws OttlException {
      String template = args.literalString(at, "the replacement");
      Converter f = args.function(at + 1);
      String format = args.has(at + 2) ? args.literalString(at + 2, "the replacement format") : null;
      if (format != null && format.split("%s", -1).length != 2) {
        throw new OttlException("the replacement format must contain exactly one %s");
      }
      return new Replacement(template, f, format);
    }
  }

  /** {@code replace_pattern(target, regex, replacement[, function[, format]])} on one string; nil is left alone. */
  static final class ReplacePattern extends Base {
    ReplacePattern() {
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

  /** {@code replace_all_patterns(map, "key"|"value", regex, replacement[, function[, format]])}. */
  static final class ReplaceAllPatterns extends MapEditor {
    ReplaceAllPatterns() {
      super("replace_all_patterns", 4, "target", "mode", "regex", "replacement", "function", "replacementFormat");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      String mode = args.literalString(1, "the mode");
      if (!mode.equals("key") && !mode.equals("value")) {
        throw new OttlException("replace_all_patterns: the mode must be \"key\" or \"value\", not \"" + mode + "\"");
      }
      Pattern p = args.regex(2);
      Replacement r = Replacement.of(args, 3);
      boolean keys = mode.equals("key");
      return onMap(args, (ctx, entries) -> {
        List<KeyValue> out = null;
        for (int i = 0; i < entries.size(); i++) {
          KeyValue kv = entries.get(i);
          KeyValue changed = null;
          if (keys) {
            String k = r.replaceAll(p, kv.getKey());
            if (!k.equals(kv.getKey())) {
              changed = kv.toBuilder().setKey(k).build();
            }
          } else if (kv.getValue().hasStringValue()) {
            String v = r.replaceAll(p, kv.getValue().getStringValue());
            if (!v.equals(kv.getValue().getStringValue())) {
              changed = kv.toBuilder().setValue(AnyValue.newBuilder().setStringValue(v)).build();
            }
          }
          if (changed != null && out == null) {
            out = new ArrayList<>(entries);
          }
          if (changed != null) {
            out.set(i, changed);
          }
        }
        return out;
      });
    }
  }

  /** {@code replace_match(target, glob, replacement[, function[, format]])}: replaces the whole string on a match. */
  static final class ReplaceMatch extends Base {
    ReplaceMatch() {
      super("replace_match", 3, "target", "pattern", "replacement", "function", "replacementFormat");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      Getter<T> get = args.getter(0);
      Setter<T> set = args.setter(0);
      Pattern glob = glob(args.literalString(1, "the pattern"));
      Replacement r = Replacement.of(args, 2);
      return ctx -> {
        if (get.get(ctx) instanceof String s && Regexes.matches(glob, s)) {
          set.set(ctx, r.finish(r.template()));
        }
      };
    }

    /** Go's filepath.Match: {@code *} and {@code ?} do not cross '/', {@code [...]} classes, {@code \} escapes. */
    static Pattern glob(String glob) throws OttlException {
      StringBuilder re = new StringBuilder();
      for (int i = 0; i < glob.length(); i++) {
        char c = glob.charAt(i);
        switch (c) {
          case '*' -> re.append("[^/]*");
          case '?' -> re.append("[^/]");
          case '\\' -> {
            if (i + 1 < glob.length()) {
              re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
            }
          }
          case '[' -> {
            int close = glob.indexOf(']', i + 1);
            if (close < 0) {
              throw new OttlException("replace_match: unterminated [ in pattern \"" + glob + "\"");
            }
            String body = glob.substring(i + 1, close);
            boolean negated = body.startsWith("^");
            // Literal in Go's globs, special in Java classes: backslash, '[' and '&' (intersection).
            body = (negated ? body.substring(1) : body).replace("\\", "\\\\").replace("[", "\\[")
                .replace("&", "\\&");
            if (body.isEmpty()) {
              throw new OttlException("replace_match: empty [] in pattern \"" + glob + "\"");
            }
            re.append('[').append(negated ? "^" : "").append(body).append(']');
            i = close;
          }
          default -> re.append(Pattern.quote(String.valueOf(c)));
        }
      }
      try {
        return Pattern.compile(re.toString(), Pattern.DOTALL);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new OttlException("replace_match: invalid pattern \"" + glob + "\": " + e.getDescription());
      }
    }
  }

  /**
   * {@code truncate_all(map, limit[, utf8_safe[, truncation_marker]])}: string values longer than {@code limit}
   * UTF-8 bytes are cut to it (the marker counting against it); utf8_safe (default true) never splits a character.
   */
  static final class TruncateAll extends MapEditor {
    TruncateAll() {
      super("truncate_all", 2, "target", "limit", "utf8_safe", "truncation_marker");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      long limit = args.literalInt(1, "the limit");
      if (limit < 0) {
        throw new OttlException("truncate_all: the limit must not be negative");
      }
      boolean safe = args.literalBool(2, true, "utf8_safe");
      String marker = args.has(3) ? args.literalString(3, "the truncation marker") : "";
      byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
      if (markerBytes.length > limit) {
        throw new OttlException("truncate_all: the truncation marker is longer than the limit");
      }
      return onMap(args, (ctx, entries) -> {
        List<KeyValue> out = null;
        for (int i = 0; i < entries.size(); i++) {
          if (KeyedAttributes.valueSizeBound(entries, i) <= limit) {
            continue; // short enough without decoding it
          }
          KeyValue kv = entries.get(i);
          if (!kv.getValue().hasStringValue()) {
            continue;
          }
          String s = kv.getValue().getStringValue();
          if (Converters.utf8Length(s) <= limit) {
            continue;
          }
          byte[] b = s.getBytes(StandardCharsets.UTF_8);
          int cut = (int) (limit - markerBytes.length);
          if (safe) {
            while (cut > 0 && (b[cut] & 0xc0) == 0x80) {
              cut--;
            }
          }
          String truncated = new String(b, 0, cut, StandardCharsets.UTF_8) + marker;
          if (out == null) {
            out = new ArrayList<>(entries);
          }
          out.set(i, kv.toBuilder().setValue(AnyValue.newBuilder().setStringValue(truncated)).build());
        }
        return out;
      });
    }
  }

  /**
   * {@code limit(map, n, [priority keys])}: keeps at most n entries, priority keys first, then the others in their
   * order (the Collector drops arbitrary ones; keeping the earliest makes the result deterministic).
   */
  static final class Limit extends MapEditor {
    Limit() {
      super("limit", 3, "target", "limit", "priority_keys");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      long limit = args.literalInt(1, "the limit");
      if (limit < 0) {
        throw new OttlException("limit: the limit must not be negative");
      }
      Set<String> priority = new LinkedHashSet<>(args.literalStrings(2, "the priority keys"));
      if (priority.size() > limit) {
        throw new OttlException("limit: more priority keys (" + priority.size() + ") than the limit (" + limit + ")");
      }
      return onMap(args, (ctx, entries) -> {
        if (entries.size() <= limit) {
          return null;
        }
        long othersAllowed = limit;
        for (KeyValue kv : entries) {
          if (priority.contains(kv.getKey())) {
            othersAllowed--;
          }
        }
        List<KeyValue> out = new ArrayList<>((int) limit);
        long others = 0;
        for (KeyValue kv : entries) {
          if (priority.contains(kv.getKey())) {
            out.add(kv);
          } else if (others < othersAllowed) {
            out.add(kv);
            others++;
          }
        }
        return out;
      });
    }
  }

  /** {@code merge_maps(target, source, "insert"|"update"|"upsert")}. */
  static final class MergeMaps extends MapEditor {
    MergeMaps() {
      super("merge_maps", 3, "target", "source", "strategy");
    }

    @Override
    public <T> Statement.Action<T> compile(EditorArgs<T> args) throws OttlException {
      Getter<T> source = args.getter(1);
      String strategy = args.literalString(2, "the strategy");
      if (!List.of("insert", "update", "upsert").contains(strategy)) {
        throw new OttlException("merge_maps: the strategy must be insert, update or upsert, not \"" + strategy + "\"");
      }
      return onMap(args, (ctx, entries) -> {
        Object src = source.get(ctx);
        if (src == null) {
          return null;
        }
        AttributeMap from = requireMap("merge_maps", src);
        List<KeyValue> out = new ArrayList<>(entries);
        for (KeyValue kv : from.entries()) {
          int at = -1;
          for (int i = 0; i < out.size(); i++) {
            if (out.get(i).getKey().equals(kv.getKey())) {
              at = i;
            }
          }
          if (at < 0 && !strategy.equals("update")) {
            out.add(kv);
          } else if (at >= 0 && !strategy.equals("insert")) {
            out.set(at, kv);
          }
        }
        return out;
      });
    }
  }
}
