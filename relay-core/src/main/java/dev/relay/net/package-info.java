/**
 * Guards every listener puts in front of its protocol, so that a client cannot hold the relay's connections or
 * memory: {@link dev.relay.net.ConnectionLimiter} (connections per listener, on each connection or on the server
 * channel), {@link dev.relay.net.HeaderReadTimeout} (the head of a request must arrive within a time that starts at
 * its first byte) and {@link dev.relay.net.WriteStallTimeout} (a response the client stopped reading is closed); the
 * two timeouts take a callback that counts each connection they close. All three are the package's public API;
 * each is a Netty handler a server bootstrap adds with one line. Also public:
 * {@link dev.relay.net.Http2RefusalObserver}, which reports the HTTP/2 frames by which a server refuses its client
 * (a stream refused, a connection sent GOAWAY ENHANCE_YOUR_CALM, or sent away idle) so that they can be counted. And
 * {@link dev.relay.net.SharedListener}: a listening socket a reload hands from a receiver to its successor, so that
 * the port is never closed in between. {@link dev.relay.net.QuietEventLoops} makes the event loop groups every
 * listener runs on, and the one the gRPC clients share: their threads sleep until there is work.
 */
package dev.relay.net;
