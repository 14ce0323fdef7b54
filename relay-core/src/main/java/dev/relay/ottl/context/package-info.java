/**
 * OTTL contexts: what each path means for one kind of item. {@link dev.relay.ottl.context.SpanEventContext} is the
 * context Redis routes evaluate in; span, resource and scope paths are shared building blocks so that further
 * contexts (span, log) reuse them.
 *
 * <p>The extension API: each context's {@code *Paths} (its compiler) and {@code *Context} (what it evaluates on).
 */
package dev.relay.ottl.context;
