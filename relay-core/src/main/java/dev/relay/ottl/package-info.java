/**
 * The one OTTL implementation of the relay (the OpenTelemetry Transformation Language of the Collector): a lexer and
 * parser to an AST, and a {@link dev.relay.ottl.Compiler} that turns it, once, into a tree of {@link
 * dev.relay.ottl.Getter}s and {@link dev.relay.ottl.Condition}s bound to one context's paths. Evaluating a compiled
 * tree re-parses nothing, compiles no regex and uses no reflection. Contexts (what paths mean) live in
 * {@code dev.relay.ottl.context}, the editors ({@code set}, {@code delete_key}, ...) in {@code dev.relay.ottl.editor}.
 */
package dev.relay.ottl;
