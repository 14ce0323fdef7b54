package dev.relay.ottl;

import java.util.List;

/**
 * A compiled lambda {@code (k, v) => body}: a higher-order converter applies it to each element. Its parameters
 * live in a per-thread frame (compiled statements are shared by the threads that evaluate them), so applying it
 * allocates nothing; the frame's previous values are put back after, for a lambda inside its own body's call.
 */
public final class LambdaFn<T> {
  private final List<String> params;
  private final ThreadLocal<Object[]> frame;
  private Getter<T> body;

  LambdaFn(List<String> params) {
    this.params = List.copyOf(params);
    this.frame = ThreadLocal.withInitial(() -> new Object[params.size()]);
  }

  /** How many parameters the lambda declares. */
  public int arity() {
    return params.size();
  }

  int slot(String name) {
    return name.equals("_") ? -1 : params.indexOf(name);
  }

  Getter<T> param(int slot) {
    return ctx -> frame.get()[slot];
  }

  void body(Getter<T> body) {
    this.body = body;
  }

  /** The body's value with the parameters bound to {@code first} and {@code second} (those it declares). */
  public Object apply(T ctx, Object first, Object second) {
    Object[] f = frame.get();
    Object a = f.length > 0 ? f[0] : null;
    Object b = f.length > 1 ? f[1] : null;
    if (f.length > 0) {
      f[0] = first;
    }
    if (f.length > 1) {
      f[1] = second;
    }
    try {
      return body.get(ctx);
    } finally {
      if (f.length > 0) {
        f[0] = a;
      }
      if (f.length > 1) {
        f[1] = b;
      }
    }
  }

  /** The body's value with the parameters bound to {@code args} in order (as many as it declares). */
  public Object applyAll(T ctx, Object... args) {
    Object[] f = frame.get();
    Object[] saved = f.clone();
    for (int i = 0; i < f.length; i++) {
      f[i] = i < args.length ? args[i] : null;
    }
    try {
      return body.get(ctx);
    } finally {
      System.arraycopy(saved, 0, f, 0, f.length);
    }
  }
}
