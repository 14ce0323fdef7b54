package dev.relay.receiver.otlp;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.ReceiverFactory;
import dev.relay.component.TelemetrySettings;
import dev.relay.config.ConfigMap;
import dev.relay.consumer.TracesConsumer;

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
    String host = "localhost";
    int port = 4317;
    int colon = endpoint.lastIndexOf(':');
    String portText = colon < 0 ? "" : endpoint.substring(colon + 1);
    if (colon < 0 || !portText.matches("\\d{1,5}") || Integer.parseInt(portText) > 65535) {
      grpc.problem("endpoint", "'" + endpoint + "' is not a host:port endpoint (e.g. 0.0.0.0:4317)");
    } else {
      host = endpoint.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        host = "0.0.0.0";
      }
      port = Integer.parseInt(portText);
    }
    return new OtlpReceiverConfig(host, port, maxMib * 1024 * 1024);
  }

  @Override
  public Component createTracesReceiver(
      ComponentId id, OtlpReceiverConfig config, TracesConsumer next, TelemetrySettings telemetry) {
    return new OtlpGrpcReceiver(id, config, next, telemetry);
  }
}
