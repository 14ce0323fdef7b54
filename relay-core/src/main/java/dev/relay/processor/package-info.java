/**
 * What the OTTL processors share: {@link dev.relay.processor.ErrorMode} (what a failing statement or condition
 * does), {@link dev.relay.processor.TraceContextKind} (the contexts a statement can run in, inferred from its paths
 * as the Collector does) and {@link dev.relay.processor.TraceWalker}, which visits resources, scopes, spans and span
 * events of a request being rebuilt. The processors themselves live in sub-packages.
 */
package dev.relay.processor;
