package dev.relay.receiver.otlp;

import dev.relay.auth.AuthReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of one {@code otlp} receiver: its gRPC and HTTP protocols, each null when not configured (at least one
 * is). The two servers share nothing but the pipeline they feed.
 */
record OtlpReceiverConfig(OtlpGrpcConfig grpc, OtlpHttpConfig http) implements AuthReference.Holder {
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
