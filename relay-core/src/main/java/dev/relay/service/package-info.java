/**
 * The relay as a whole. {@link dev.relay.service.RelayConfigLoader} reads the Collector-shaped file (receivers,
 * processors, exporters, extensions, service) through the component factories and checks every cross-reference,
 * reporting all faults with file and line (a Collector type Relay deliberately lacks is refused by name, once) and
 * the warnings; {@link dev.relay.service.RelayService} owns the running relay (graph and admin
 * server) from start to drained stop, and reloads it ({@link dev.relay.service.ReloadResult}) from a
 * {@link dev.relay.service.ConfigSource} on SIGHUP, {@code POST /reload} or a change seen by
 * {@link dev.relay.service.ConfigWatcher}.
 *
 * <p>Not an extension point; the application uses {@link dev.relay.service.RelayConfigLoader}, {@link
 * dev.relay.service.RelayService} and {@link dev.relay.service.ConfigWatcher}.
 */
package dev.relay.service;
