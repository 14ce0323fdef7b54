package dev.relay.ottl;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The built-in converters; {@link #standard()} is the set every context gets. */
public final class Converters {
  private final Map<String, Converter> byName;

  private Converters(Map<String, Converter> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static Converters standard() {
    Map<String, Converter> m = new TreeMap<>();
    for (Converter c : new Converter[] {new IsMatch(), new Concat(), new CaseConverter("ToLowerCase", true),
        new CaseConverter("ToUpperCase", false), new Len(), new IsString()}) {
      m.put(c.name(), c);
    }
    return new Converters(m);
  }

  public Converter get(String name) {
    return byName.get(name);
  }

  public String names() {
    return String.join(", ", new TreeMap<>(byName).keySet());
  }

  static void arity(String name, List<?> args, int n) throws OttlException {
    if (args.size() != n) {
      throw new OttlException(name + " takes " + n + " argument" + (n == 1 ? "" : "s") + ", found " + args.size());
    }
  }

  /** {@code IsMatch(target, "regex")}: true when the string form of target contains a match; nil is false. */
  static final class IsMatch implements Converter {
    @Override
    public String name() {
      return "IsMatch";
    }

    @Override
    public boolean returnsBoolean() {
      return true;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name(), args, 2);
      String regex = args.get(1).literalString(name(), "the pattern");
      Pattern pattern;
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new OttlException(name() + ": invalid regular expression \"" + regex + "\": " + e.getDescription());
      }
      Getter<T> target = args.get(0).getter();
      return ctx -> {
        String s = Values.stringLike(target.get(ctx));
        return s != null && pattern.matcher(s).find();
      };
    }
  }

  /** {@code Concat([values], "delimiter")}: joins the string forms; nil parts print as {@code <nil>}, as in the Collector. */
  static final class Concat implements Converter {
    @Override
    public String name() {
      return "Concat";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name(), args, 2);
      String delimiter = args.get(1).literalString(name(), "the delimiter");
      Getter<T> list = args.get(0).getter();
      return ctx -> {
        Object v = list.get(ctx);
        if (!(v instanceof List<?> items)) {
          return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
          if (i > 0) {
            sb.append(delimiter);
          }
          String s = Values.stringLike(items.get(i));
          sb.append(s == null ? "<nil>" : s);
        }
        return sb.toString();
      };
    }
  }

  static final class CaseConverter implements Converter {
    private final String name;
    private final boolean lower;

    CaseConverter(String name, boolean lower) {
      this.name = name;
      this.lower = lower;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name, args, 1);
      Getter<T> target = args.get(0).getter();
      return ctx -> {
        String s = Values.stringLike(target.get(ctx));
        if (s == null) {
          return null;
        }
        return lower ? s.toLowerCase(Locale.ROOT) : s.toUpperCase(Locale.ROOT);
      };
    }
  }

  /** {@code Len(value)}: length of a string, list or map; nil otherwise. */
  static final class Len implements Converter {
    @Override
    public String name() {
      return "Len";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name(), args, 1);
      Getter<T> target = args.get(0).getter();
      return ctx -> {
        Object v = target.get(ctx);
        if (v instanceof String s) {
          return (long) s.length();
        }
        if (v instanceof AttributeMap m) {
          return (long) m.entries().size();
        }
        if (v instanceof AttributeList l) {
          return (long) l.items().size();
        }
        if (v instanceof List<?> l) {
          return (long) l.size();
        }
        return null;
      };
    }
  }

  static final class IsString implements Converter {
    @Override
    public String name() {
      return "IsString";
    }

    @Override
    public boolean returnsBoolean() {
      return true;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      arity(name(), args, 1);
      Getter<T> target = args.get(0).getter();
      return ctx -> target.get(ctx) instanceof String;
    }
  }
}
