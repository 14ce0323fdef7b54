/**
 * The built-in OTTL editors ({@code set}, {@code delete_key}, {@code replace_pattern}, ...), one class each, with
 * the Collector's semantics (documented per editor in docs/ottl.md). {@link dev.relay.ottl.editor.Editors} maps their
 * names to them for the {@link dev.relay.ottl.Compiler}. Each editor checks its arguments once, when it is compiled;
 * the action it returns compiles no regex and uses no reflection.
 *
 * <p>Only {@link dev.relay.ottl.editor.Editors} is public.
 */
package dev.relay.ottl.editor;
