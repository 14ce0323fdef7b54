package dev.relay.receiver.otlp;

/**
 * Settings of one {@code otlp} receiver: its gRPC and HTTP protocols, each null when not configured (at least one
 * is). The two servers share nothing but the pipeline they feed.
 */
record OtlpReceiverConfig(OtlpGrpcConfig grpc, OtlpHttpConfig http) {}
