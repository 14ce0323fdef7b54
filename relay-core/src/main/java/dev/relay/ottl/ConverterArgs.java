package dev.relay.ottl;

import java.util.Arrays;
import java.util.List;

/**
 * Named arguments of a converter call, put in parameter order: a parameter skipped before a named one takes the
 * converter's default, as the Collector's {@code Optional} parameters do.
 */
final class ConverterArgs {
  private ConverterArgs() {}

  static List<Ast.Expr> byName(Converter conv, Ast.Call c) throws OttlException {
    List<String> params = conv.params();
    if (params.isEmpty()) {
      throw new OttlException(c.name() + " takes positional arguments only (column " + (c.pos() + 1) + ")");
    }
    Ast.Expr[] byParam = new Ast.Expr[params.size()];
    int last = -1;
    for (int i = 0; i < c.args().size(); i++) {
      String name = c.argNames().get(i);
      int at = name == null ? i : params.indexOf(name);
      if (at < 0) {
        throw new OttlException(c.name() + " has no parameter '" + name + "' (parameters: "
            + String.join(", ", params) + ")");
      }
      if (at >= params.size()) {
        throw new OttlException(c.name() + " takes at most " + params.size() + " arguments, found "
            + c.args().size());
      }
      if (byParam[at] != null) {
        throw new OttlException(c.name() + ": parameter '" + params.get(at) + "' is given twice");
      }
      byParam[at] = c.args().get(i);
      last = Math.max(last, at);
    }
    for (int i = 0; i < last; i++) {
      if (byParam[i] == null) {
        Object value = conv.defaultFor(i, byParam);
        if (value == null) {
          throw new OttlException(c.name() + " needs its '" + params.get(i) + "' argument (column "
              + (c.pos() + 1) + ")");
        }
        byParam[i] = new Ast.Literal(value, c.pos());
      }
    }
    return Arrays.asList(Arrays.copyOf(byParam, last + 1));
  }
}
