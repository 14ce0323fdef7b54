package dev.relay.receiver.otlp;

import dev.relay.auth.AuthReference;
import java.util.ArrayList;
import java.util.List;
import dev.relay.otlp.ItemLimits;

/**
 * Settings of one {@code otlp} receiver: its gRPC and HTTP protocols, each null when not configured (at least one
 * is), and the per-item limits both apply. The two servers share nothing but the pipeline they feed.
 */
record OtlpReceiverConfig(OtlpGrpcConfig grpc, OtlpHttpConfig http, ItemLimits limits, GrpcGuards grpcGuards,
    HttpGuards httpGuards) implements AuthReference.Holder {
  OtlpReceiverConfig(OtlpGrpcConfig grpc, OtlpHttpConfig http) {
    this(grpc, http, ItemLimitsConfig.DEFAULTS, GrpcGuards.DEFAULTS, HttpGuards.DEFAULTS);
  }

  @Override
  public List<AuthReference> authReferences() {
    List<AuthReference> refs = new ArrayList<>();
    if (grpc != null && grpc.auth() != null) {
      refs.add(grpc.auth());
    }
    if (http != null && http.auth() != null) {
      refs.add(http.auth());
    }
    return refs;
  }
}
