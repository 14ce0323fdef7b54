package dev.relay.receiver.otlp;

import dev.relay.auth.AuthReference;
import dev.relay.config.ServerSettings;

/**
 * Settings of the {@code otlp} receiver's gRPC protocol ({@code protocols.grpc}): where it listens, and
 * {@code maxConcurrentStreams}, the calls one connection may have open at once, 0 for no limit; {@code auth}, the
 * authenticator every call must satisfy (null: none).
 */
record OtlpGrpcConfig(ServerSettings server, int maxRecvMsgSizeBytes, int maxConcurrentStreams, AuthReference auth) {
  /** Plaintext on {@code host:port}, without authentication. */
  public OtlpGrpcConfig(String host, int port, int maxRecvMsgSizeBytes, int maxConcurrentStreams) {
    this(new ServerSettings(host, port), maxRecvMsgSizeBytes, maxConcurrentStreams, null);
  }

  public String host() {
    return server.host();
  }

  public int port() {
    return server.port();
  }

  public String endpoint() {
    return server.endpoint();
  }
}
