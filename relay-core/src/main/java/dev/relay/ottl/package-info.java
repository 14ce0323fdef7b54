/**
 * The one OTTL implementation of the relay (the OpenTelemetry Transformation Language of the Collector): a lexer and
 * parser to an AST, and a {@link dev.relay.ottl.Compiler} that turns it, once, into a tree of {@link
 * dev.relay.ottl.Getter}s and {@link dev.relay.ottl.Condition}s bound to one context's paths. Evaluating a compiled
 * tree re-parses nothing, compiles no regex and uses no reflection. Contexts (what paths mean) live in
 * {@code dev.relay.ottl.context}, the editors ({@code set}, {@code delete_key}, ...) in {@code dev.relay.ottl.editor}.
 *
 * <p>The extension API for contexts and components that compile OTTL: {@link dev.relay.ottl.Compiler}, {@link
 * dev.relay.ottl.PathResolver}, {@link dev.relay.ottl.Getter}, {@link dev.relay.ottl.Setter}, {@link
 * dev.relay.ottl.Condition}, {@link dev.relay.ottl.Editor} with {@link dev.relay.ottl.EditorSet}, {@link
 * dev.relay.ottl.Converter} with its {@link dev.relay.ottl.Arg}s and {@link dev.relay.ottl.LambdaFn}, {@link
 * dev.relay.ottl.Regexes} (RE2/J), {@link dev.relay.ottl.FunctionNames} (the fault for a name no function has),
 * and the value types
 * ({@link dev.relay.ottl.Id}, {@link dev.relay.ottl.Timestamp}, {@link dev.relay.ottl.AttributeMap}, {@link
 * dev.relay.ottl.AttributeList}, {@link dev.relay.ottl.Values}, {@link dev.relay.ottl.ValueJson}).
 */
package dev.relay.ottl;
