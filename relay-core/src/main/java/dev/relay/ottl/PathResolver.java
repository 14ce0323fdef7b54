package dev.relay.ottl;

import java.util.Map;

/** What paths and enums mean in one OTTL context (span event, span, log record, ...). */
public interface PathResolver<T> {
  /** Compiles a path; keys are compiled with {@code compiler}. Throws for a path the context does not have. */
  Getter<T> resolve(Ast.PathExpr path, Compiler<T> compiler) throws OttlException;

  /** Compiles a path as the target of an editor; paths that cannot be written throw. */
  default Setter<T> resolveSetter(Ast.PathExpr path, Compiler<T> compiler) throws OttlException {
    throw new OttlException("path '" + path.dotted() + "' cannot be changed in this context (column "
        + (path.pos() + 1) + ")");
  }

  /** The enum names this context knows, e.g. {@code SPAN_KIND_SERVER}. */
  Map<String, Long> enums();
}
