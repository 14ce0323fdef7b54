/**
 * What the OTTL processors share: {@link dev.relay.processor.ErrorMode} (what a failing statement or condition
 * does), {@link dev.relay.processor.TraceContextKind} (the contexts a statement can run in, inferred from its paths
 * as the Collector does) and {@link dev.relay.processor.TraceWalker}, which visits resources, scopes, spans and span
 * events of a request being rebuilt; {@link dev.relay.processor.LogWalker} and
 * {@link dev.relay.processor.MetricWalker} do the same for logs and metrics. The processors themselves live in
 * sub-packages.
 *
 * <p>The helpers for OTTL-based processors, public so that processor packages can build on them; not used
 * elsewhere.
 */
package dev.relay.processor;
