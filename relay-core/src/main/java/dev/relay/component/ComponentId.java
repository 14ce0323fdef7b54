package dev.relay.component;

/** A component's name in the config: {@code type} or {@code type/name}, e.g. {@code otlp/tempo}. */
public record ComponentId(String type, String name) {
  public static ComponentId parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new ComponentId(text.trim(), "");
    }
    return new ComponentId(text.substring(0, slash).trim(), text.substring(slash + 1).trim());
  }

  /** Null when the id is well formed, else what is wrong with it. */
  public String fault() {
    if (!type.matches("[a-z][a-z0-9_]*")) {
      return "'" + this + "' is not a valid component id: the type must be lowercase letters, digits or _";
    }
    if (toString().indexOf('/') != type.length() && !name.isEmpty()) {
      return "'" + this + "' is not a valid component id";
    }
    if (!name.isEmpty() && !name.matches("[A-Za-z0-9_.\\-]+")) {
      return "'" + this + "' is not a valid component id: the name after '/' may hold letters, digits, _ . -";
    }
    return null;
  }

  @Override
  public String toString() {
    return name.isEmpty() ? type : type + "/" + name;
  }
}
