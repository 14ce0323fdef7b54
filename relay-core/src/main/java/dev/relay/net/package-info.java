/**
 * Guards every listener puts in front of its protocol, so that a client cannot hold the relay's connections or
 * memory: {@link dev.relay.net.ConnectionLimiter} (connections per listener), {@link dev.relay.net.AcceptLimiter} (the
 * same, counted on the server channel, for servers whose connections' pipelines are out of reach, as gRPC's are),
 * {@link dev.relay.net.HeaderReadTimeout}
 * (the head of a request must arrive within a time that starts at its first byte) and
 * {@link dev.relay.net.WriteStallTimeout} (a response the client stopped reading is closed). All four are the
 * package's public API; each is one Netty handler a server bootstrap adds with one line.
 */
package dev.relay.net;
