/**
 * The component types this relay ships with ({@link dev.relay.builtin.BuiltinComponents}): the one place that
 * names every concrete factory, as a Collector distribution's component list does. The service and the graph only
 * see the {@link dev.relay.component.Components} registry it builds.
 */
package dev.relay.builtin;
