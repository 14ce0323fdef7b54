/**
 * A listener's TLS at run time, from its {@link dev.relay.config.TlsSettings}: {@link dev.relay.tls.ServerTls} is the
 * public API (a Netty {@code SslContext} for HTTP/1.1 or gRPC whose certificate, key and client CA are reread every
 * {@code reload_interval}, so certificates rotated on disk reach new connections without a restart). The OTLP
 * receivers and the admin server use it; it depends on no component.
 */
package dev.relay.tls;
