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

  static void last(PathExpr path, int i) throws OttlException {
    if (i + 1 < path.fields().size()) {
      throw new OttlException("unknown path '" + path.dotted() + "' at column " + (path.pos() + 1));
    }
    String name = path.fields().get(i).name();
    if (!name.equals("attributes") && !name.equals("cache")) {
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
    return new OttlException("unknown path '" + path.dotted() + "' at column " + (path.pos() + 1) + " (known: "
        + known + ")");
  }
}
