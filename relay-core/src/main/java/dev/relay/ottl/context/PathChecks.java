package dev.relay.ottl.context;

import dev.relay.ottl.Ast.PathExpr;
import dev.relay.ottl.OttlException;

/** The shape of a path, checked when it is compiled: complete, not too long, keys only where they belong. */
final class PathChecks {
  private PathChecks() {}

  static void expectMore(PathExpr path, int i, String example) throws OttlException {
    if (i + 1 >= path.fields().size()) {
      throw new OttlException("path '" + path.dotted() + "' is incomplete (e.g. " + example + ") at column "
          + (path.pos() + 1));
    }
  }

  /**
   * Field names the Collector's contexts have and Relay's do not: a path with one is reported as unsupported rather
   * than unknown.
   */
  private static final java.util.Set<String> COLLECTOR_ONLY = java.util.Set.of("events", "links", "data_points",
      "exemplars", "exemplar", "bucket_counts", "explicit_bounds", "positive", "negative", "quantile_values", "scale",
      "zero_count", "min", "max", "body_string", "metadata");

  static void last(PathExpr path, int i) throws OttlException {
    if (i + 1 < path.fields().size()) {
      throw unsupported(path) != null ? unsupported(path)
          : new OttlException("unknown path '" + path.dotted() + "' at column " + (path.pos() + 1));
    }
    String name = path.fields().get(i).name();
    if (!name.equals("attributes") && !name.equals("cache") && !name.equals("metadata")) {
      noKeys(path, i);
    }
  }

  static void noKeys(PathExpr path, int i) throws OttlException {
    if (!path.fields().get(i).keys().isEmpty()) {
      throw new OttlException("'" + path.fields().get(i).name() + "' does not take [keys] (column "
          + (path.pos() + 1) + ")");
    }
  }

  static OttlException unknown(PathExpr path, String known) {
    OttlException unsupported = unsupported(path);
    if (unsupported != null) {
      return unsupported;
    }
    return new OttlException("unknown path '" + path.dotted() + "' at column " + (path.pos() + 1) + " (known: "
        + known + ")");
  }

  /** The fault for a path the Collector has and Relay does not; null for any other path. */
  private static OttlException unsupported(PathExpr path) {
    var fields = path.fields();
    for (int i = 0; i < fields.size(); i++) {
      String name = fields.get(i).name();
      boolean kindAsText = i > 0 && fields.get(i - 1).name().equals("kind")
          && (name.equals("string") || name.equals("deprecated_string"));
      if (COLLECTOR_ONLY.contains(name) || kindAsText) {
        return new OttlException("path '" + path.dotted() + "' at column " + (path.pos() + 1)
            + " is not supported by Relay (the Collector has it; see docs/ottl.md for Relay's paths)");
      }
    }
    return null;
  }
}
