/**
 * OTTL contexts: what each path means for one kind of item. {@link dev.relay.ottl.context.SpanEventContext} is the
 * context Redis routes evaluate in; span, resource and scope paths are shared building blocks so that further
 * contexts (span, log, metric, datapoint) reuse them. The metric and datapoint contexts also hold the transform
 * processor's metric functions ({@code MetricEditors}), which only they compile.
 *
 * <p>The extension API: each context's {@code *Paths} (its compiler) and {@code *Context} (what it evaluates on).
 */
package dev.relay.ottl.context;
