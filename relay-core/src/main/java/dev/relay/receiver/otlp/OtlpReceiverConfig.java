package dev.relay.receiver.otlp;

import dev.relay.otlp.ItemLimits;

/**
 * Settings of one {@code otlp} receiver: its gRPC and HTTP protocols, each null when not configured (at least one
 * is), and the per-item limits both apply. The two servers share nothing but the pipeline they feed.
 */
record OtlpReceiverConfig(OtlpGrpcConfig grpc, OtlpHttpConfig http, ItemLimits limits, GrpcGuards grpcGuards,
    HttpGuards httpGuards) {
  OtlpReceiverConfig(OtlpGrpcConfig grpc, OtlpHttpConfig http) {
    this(grpc, http, ItemLimitsConfig.DEFAULTS, GrpcGuards.DEFAULTS, HttpGuards.DEFAULTS);
  }
}
