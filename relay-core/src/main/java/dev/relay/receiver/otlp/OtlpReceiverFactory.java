package dev.relay.receiver.otlp;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.ReceiverFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.config.HostPort;
import dev.relay.component.Signal;
import dev.relay.consumer.Consumers;
import java.util.EnumSet;
import java.util.Set;

/** The {@code otlp} receiver type. */
public final class OtlpReceiverFactory implements ReceiverFactory<OtlpReceiverConfig> {
  static final String DEFAULT_GRPC_ENDPOINT = "localhost:4317";
  static final int DEFAULT_MAX_RECV_MIB = 4;

  @Override
  public String type() {
    return "otlp";
  }

  @Override
  public OtlpReceiverConfig parseConfig(ConfigMap cfg) {
    ConfigMap protocols = cfg.map("protocols");
    if (!protocols.has("grpc")) {
      protocols.problem(null, "the otlp receiver needs protocols.grpc (protocols.http is not supported yet)");
    }
    ConfigMap grpc = protocols.map("grpc");
    String endpoint = grpc.string("endpoint", DEFAULT_GRPC_ENDPOINT);
    int maxMib = (int) grpc.integer("max_recv_msg_size_mib", DEFAULT_MAX_RECV_MIB, 1, 1024);
    if (protocols.has("http")) {
      protocols.get("http");
      protocols.problem("http", "OTLP/HTTP is not supported yet; use protocols.grpc");
    }
    grpc.rejectUnknown();
    protocols.rejectUnknown();
    cfg.rejectUnknown();
    HostPort listen = HostPort.parse(endpoint);
    if (listen == null) {
      grpc.problem("endpoint", "'" + endpoint + "' is not a host:port endpoint (e.g. 0.0.0.0:4317)");
      listen = new HostPort("localhost", 4317);
    }
    return new OtlpReceiverConfig(listen.listenHost(), listen.port(), maxMib * 1024 * 1024);
  }

  @Override
  public Component createReceiver(
      ComponentId id, OtlpReceiverConfig config, Consumers next, TelemetrySettings telemetry) {
    return new OtlpGrpcReceiver(id, config, next, telemetry);
  }

  @Override
  public Set<Signal> signals() {
    return EnumSet.allOf(Signal.class);
  }
}
