/** The {@code relay} command line: parses arguments, loads the config, runs the pipeline graph. Wiring only. */
package dev.relay.app;
