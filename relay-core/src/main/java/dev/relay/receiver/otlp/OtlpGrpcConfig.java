package dev.relay.receiver.otlp;

/**
 * Settings of the {@code otlp} receiver's gRPC protocol ({@code protocols.grpc}). {@code maxConcurrentStreams} is
 * the calls one connection may have open at once, 0 for no limit.
 */
public record OtlpGrpcConfig(String host, int port, int maxRecvMsgSizeBytes, int maxConcurrentStreams) {
  public String endpoint() {
    return host + ":" + port;
  }
}
