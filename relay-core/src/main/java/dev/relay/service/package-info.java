/**
 * The whole relay configuration: {@link dev.relay.service.RelayConfigLoader} reads the Collector-shaped file
 * (receivers, processors, exporters, service.pipelines) through the component factories and checks every
 * cross-reference, reporting all faults with file and line.
 */
package dev.relay.service;
