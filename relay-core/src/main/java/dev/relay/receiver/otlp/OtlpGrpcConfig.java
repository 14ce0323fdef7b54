package dev.relay.receiver.otlp;

import dev.relay.auth.AuthReference;
import dev.relay.config.ServerSettings;

/**
 * Settings of the {@code otlp} receiver's gRPC protocol ({@code protocols.grpc}): where it listens,
 * {@code maxConcurrentStreams}, the calls one connection may have open at once, 0 for no limit; {@code auth}, the
 * authenticator every call must satisfy (null: none); and whether the calls' metadata is passed on to the pipeline
 * ({@code include_metadata}).
 */
record OtlpGrpcConfig(ServerSettings server, int maxRecvMsgSizeBytes, int maxConcurrentStreams, AuthReference auth,
    boolean includeMetadata) {
  /** Without the client's metadata. */
  public OtlpGrpcConfig(ServerSettings server, int maxRecvMsgSizeBytes, int maxConcurrentStreams,
      AuthReference auth) {
    this(server, maxRecvMsgSizeBytes, maxConcurrentStreams, auth, false);
  }

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
