package dev.relay.ottl;

import java.util.Map;

/** What paths and enums mean in one OTTL context (span event, span, log record, ...). */
public interface PathResolver<T> {
  /** Compiles a path; keys are compiled with {@code compiler}. Throws for a path the context does not have. */
  Getter<T> resolve(Ast.PathExpr path, Compiler<T> compiler) throws OttlException;

  /** The enum names this context knows, e.g. {@code SPAN_KIND_SERVER}. */
  Map<String, Long> enums();
}
