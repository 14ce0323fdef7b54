package dev.relay.receiver.otlp;

/** Settings of the {@code otlp} receiver's gRPC protocol ({@code protocols.grpc}). */
public record OtlpGrpcConfig(String host, int port, int maxRecvMsgSizeBytes) {
  public String endpoint() {
    return host + ":" + port;
  }
}
