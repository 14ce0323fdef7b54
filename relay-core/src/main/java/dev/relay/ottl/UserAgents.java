package dev.relay.ottl;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import ua_parser.OS;
import ua_parser.Parser;
import ua_parser.UserAgent;

/**
 * {@code UserAgent(value)} (contrib's func_user_agent.go on uap-go): the semantic-convention attributes of a
 * User-Agent header, from the uap-core regexes as uap-java bundles them. {@code user_agent.name} ("Other" when no
 * regex knows the agent), {@code user_agent.original} and {@code user_agent.version} ("" when unknown) are always
 * there; {@code os.name} and {@code os.version} only when not empty. A value that is not a string fails.
 *
 * <p>uap-java tries its regexes one after another on {@code java.util.regex}: a few hundred microseconds for a
 * browser's header, and time that grows with the length of the text. So only the first {@link #PARSED_CHARS}
 * characters are parsed (real headers are far shorter; {@code user_agent.original} is the whole value), and the
 * results for the agents seen most recently are kept, as the same few agents make most of the traffic.
 */
final class UserAgents {
  static final int PARSED_CHARS = 1024;
  private static final int CACHED_AGENTS = 1024;
  // read without locking; emptied when full rather than kept in LRU order, which would need a lock per item
  private static final ConcurrentHashMap<String, AttributeMap> RECENT = new ConcurrentHashMap<>();

  private UserAgents() {}

  static Converter converter() {
    return Converters.unary("UserAgent", false, v -> parse(Converters.requireString("UserAgent", v)));
  }

  /** Reading the regex file and compiling its ~1,000 patterns takes a while: once per process, on first use. */
  private static final class Holder {
    static final Parser PARSER = new Parser();
  }

  static AttributeMap parse(String original) {
    AttributeMap known = RECENT.get(original);
    if (known != null) {
      return known;
    }
    AttributeMap parsed = parseUncached(original);
    if (original.length() <= PARSED_CHARS) {
      if (RECENT.size() >= CACHED_AGENTS) {
        RECENT.clear();
      }
      RECENT.put(original, parsed);
    }
    return parsed;
  }

  private static AttributeMap parseUncached(String original) {
    String text = original.length() > PARSED_CHARS ? original.substring(0, PARSED_CHARS) : original;
    UserAgent agent = Holder.PARSER.parseUserAgent(text);
    OS os = Holder.PARSER.parseOS(text);
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
    return new AttributeMap(List.copyOf(out));
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
