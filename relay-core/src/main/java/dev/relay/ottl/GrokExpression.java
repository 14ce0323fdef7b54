package dev.relay.ottl;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * A grok expression turned, once, into an RE2 pattern as elastic/go-grok does it: {@code %{NAME}},
 * {@code %{NAME:field}} and {@code %{NAME:field:type}} are replaced by the named pattern's definition, in a group
 * named after the field (or after the pattern, unless only named captures are wanted). The names are then taken
 * out and kept beside the pattern ({@link #fields()}) with their group numbers: RE2/J refuses the duplicate names
 * grok produces (e.g. {@code MONTHDAY} in both halves of {@code DATE}), which Go accepts, and loses the names of a
 * pattern it simplifies at the top.
 */
final class GrokExpression {
  /** What a capture becomes: text, or the typed value its {@code :type} suffix asks for. */
  enum Type { STRING, FLOAT, INT, BOOL, INVALID }

  /** One named group: its index in the pattern, the field name it fills, and the type of the value. */
  record Field(int group, String name, Type type) {}

  // go-grok's reference syntax: %{SYNTAX}, %{SYNTAX:ID}, %{SYNTAX:ID:TYPE}. Used at compile time only.
  private static final java.util.regex.Pattern REFERENCE =
      java.util.regex.Pattern.compile("%\\{(\\w+)(?::([\\w+.]+)(?::(\\w+))?)?}");
  private static final int MAX_EXPANDED = 1 << 20;
  private static final java.util.regex.Pattern GROUP_NAME = java.util.regex.Pattern.compile("\\w+");

  private final Pattern pattern;
  private final List<Field> fields;

  private GrokExpression(Pattern pattern, List<Field> fields) {
    this.pattern = pattern;
    this.fields = fields;
  }

  Pattern pattern() {
    return pattern;
  }

  List<Field> fields() {
    return fields;
  }

  /**
   * Expands and compiles {@code grok}; {@code definitions} (name to definition) come before the library. Throws
   * with go-grok's reason ("pattern definition \"X\" unknown: parsing failed", or the regexp's syntax error).
   */
  static GrokExpression compile(String grok, Map<String, String> definitions, boolean namedCapturesOnly)
      throws GrokException {
    Map<String, String> hints = new HashMap<>();
    String expanded = expand(grok, definitions, namedCapturesOnly, hints, new HashSet<>());
    List<String> names = new ArrayList<>();
    List<Integer> groups = new ArrayList<>();
    int[] captures = {0};
    String plain = unnameGroups(expanded, names, groups, captures);
    Pattern compiled;
    try {
      compiled = Pattern.compile(plain);
    } catch (PatternSyntaxException e) {
      throw new GrokException("error parsing regexp: " + e.getDescription());
    }
    if (compiled.groupCount() != captures[0]) {
      throw new GrokException("cannot tell its capture groups apart");
    }
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String raw = names.get(i);
      fields.add(new Field(groups.get(i), raw.replace("___", "."), typeFor(hints.get(raw))));
    }
    fields.sort((a, b) -> Integer.compare(a.group(), b.group()));
    return new GrokExpression(compiled, List.copyOf(fields));
  }

  private static String expand(String text, Map<String, String> definitions, boolean namedCapturesOnly,
      Map<String, String> hints, Set<String> expanding) throws GrokException {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    int from = 0;
    while (m.find()) {
      String id = m.group(1);
      String definition = definitions.containsKey(id) ? definitions.get(id) : GrokLibrary.lookup(id);
      if (definition == null) {
        throw new GrokException("pattern definition \"" + id + "\" unknown: parsing failed");
      }
      if (!expanding.add(id)) {
        // go-grok stops after 1000 rounds and leaves the reference in; Relay says why instead.
        throw new GrokException("pattern definition \"" + id + "\" refers to itself");
      }
      String body = expand(definition, definitions, namedCapturesOnly, hints, expanding);
      expanding.remove(id);
      String target = m.group(2);
      if (m.group(3) != null) {
        hints.put(target.replace(".", "___"), m.group(3));
      }
      out.append(text, from, m.start());
      if (target == null && namedCapturesOnly) {
        out.append("(?:").append(body).append(')');
      } else {
        out.append("(?P<").append(target == null ? id : target.replace(".", "___")).append('>').append(body)
            .append(')');
      }
      from = m.end();
    }
    out.append(text, from, text.length());
    if (out.length() > MAX_EXPANDED) {
      // definitions that each use the previous one twice grow exponentially; stop before memory runs out
      throw new GrokException("it expands to more than " + MAX_EXPANDED + " characters");
    }
    return out.toString();
  }

  /**
   * Turns each named group ({@code (?P<name>} or {@code (?<name>}) outside character classes into a plain
   * capturing group, collecting its name and group number; {@code captures[0]} ends as the number of capturing
   * groups. A name Go would refuse is left for RE2/J to refuse.
   */
  private static String unnameGroups(String re, List<String> names, List<Integer> groups, int[] captures) {
    StringBuilder out = new StringBuilder(re.length());
    boolean inClass = false;
    for (int i = 0; i < re.length(); i++) {
      char c = re.charAt(i);
      if (c == '\\' && i + 1 < re.length()) {
        out.append(c).append(re.charAt(++i));
        continue;
      }
      if (inClass) {
        inClass = c != ']';
        out.append(c);
        continue;
      }
      if (c == '[') {
        inClass = true;
        out.append(c);
        // a ']' first in the class (after an optional '^') is a literal
        if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
          out.append(re.charAt(++i));
        }
        if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
          out.append(re.charAt(++i));
        }
        continue;
      }
      if (c == '(') {
        int nameStart = re.startsWith("(?P<", i) ? i + 4 : re.startsWith("(?<", i) ? i + 3 : -1;
        int nameEnd = nameStart < 0 ? -1 : re.indexOf('>', nameStart);
        if (nameEnd > nameStart && GROUP_NAME.matcher(re.substring(nameStart, nameEnd)).matches()) {
          names.add(re.substring(nameStart, nameEnd));
          groups.add(++captures[0]);
          out.append('(');
          i = nameEnd;
          continue;
        }
        if (!re.startsWith("(?", i)) {
          captures[0]++;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static Type typeFor(String hint) {
    if (hint == null) {
      return Type.STRING;
    }
    return switch (hint) {
      case "", "string" -> Type.STRING;
      case "double", "float" -> Type.FLOAT;
      case "int", "long" -> Type.INT;
      case "bool", "boolean" -> Type.BOOL;
      default -> Type.INVALID;
    };
  }

  /** Why a grok expression does not compile, in go-grok's words. */
  static final class GrokException extends Exception {
    GrokException(String message) {
      super(message);
    }
  }
}
