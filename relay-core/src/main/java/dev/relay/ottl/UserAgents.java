package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;
import ua_parser.OS;
import ua_parser.Parser;
import ua_parser.UserAgent;

/**
 * {@code UserAgent(value)} (contrib's func_user_agent.go on uap-go): the semantic-convention attributes of a
 * User-Agent header, from the uap-core regexes as uap-java bundles them. {@code user_agent.name} ("Other" when no
 * regex knows the agent), {@code user_agent.original} and {@code user_agent.version} ("" when unknown) are always
 * there; {@code os.name} and {@code os.version} only when not empty. A value that is not a string fails.
 */
final class UserAgents {
  private UserAgents() {}

  static Converter converter() {
    return Converters.unary("UserAgent", false, v -> parse(Converters.requireString("UserAgent", v)));
  }

  /** Reading the regex file and compiling its ~1,000 patterns takes a while: once per process, on first use. */
  private static final class Holder {
    static final Parser PARSER = new Parser();
  }

  static AttributeMap parse(String original) {
    UserAgent agent = Holder.PARSER.parseUserAgent(original);
    OS os = Holder.PARSER.parseOS(original);
    List<KeyValue> out = new ArrayList<>(5);
    put(out, "user_agent.name", agent.family);
    put(out, "user_agent.original", original);
    put(out, "user_agent.version", version(agent.major, agent.minor, agent.patch, null));
    if (os.family != null && !os.family.isEmpty()) {
      put(out, "os.name", os.family);
    }
    String osVersion = version(os.major, os.minor, os.patch, os.patchMinor);
    if (!osVersion.isEmpty()) {
      put(out, "os.version", osVersion);
    }
    return new AttributeMap(out);
  }

  /** uap-go's ToVersionString: the parts that are not empty, joined by dots. */
  private static String version(String major, String minor, String patch, String patchMinor) {
    StringBuilder v = new StringBuilder();
    if (major != null && !major.isEmpty()) {
      v.append(major);
    }
    for (String part : new String[] {minor, patch, patchMinor}) {
      if (part != null && !part.isEmpty()) {
        v.append('.').append(part);
      }
    }
    return v.toString();
  }

  private static void put(List<KeyValue> out, String key, String value) {
    out.add(KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build());
  }
}
