package dev.relay.receiver.otlp;

import dev.relay.component.Component;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.otlp.Signal;
import dev.relay.consumer.Consumers;
import dev.relay.net.SharedListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code otlp} receiver: an OTLP/gRPC server, an OTLP/HTTP server, or both, as configured. The two share
 * nothing but the pipelines they feed: each serves the signals that pipelines carry through this receiver (gRPC
 * answers UNIMPLEMENTED for the others, HTTP 404).
 */
public final class OtlpReceiver implements Component {
  private final ComponentId id;
  private final OtlpReceiverConfig config;
  private final TelemetrySettings telemetry;
  private final Consumers next;
  private OtlpGrpcReceiver grpc;
  private OtlpHttpReceiver http;
  /** The running predecessor's listening sockets, offered by a reload; null when there is none. */
  private SharedListener grpcSocket;
  private SharedListener httpSocket;

  OtlpReceiver(ComponentId id, OtlpReceiverConfig config, Consumers next, TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.next = next;
    this.telemetry = telemetry;
  }

  /**
   * Takes over the predecessor's sockets: each protocol whose endpoint is unchanged accepts on the predecessor's
   * socket before the predecessor stops, whatever else changed (TLS, auth, limits); the port is never closed.
   */
  @Override
  public void takeOverFrom(Component predecessor) {
    if (predecessor instanceof OtlpReceiver p) {
      grpcSocket = p.grpc != null ? p.grpc.listener() : null;
      httpSocket = p.http != null ? p.http.listener() : null;
    }
  }

  @Override
  public void start() throws Exception {
    if (config.grpc() != null) {
      grpc = new OtlpGrpcReceiver(id, config.grpc(), next, telemetry, config.limits(), config.grpcGuards());
      grpc.inherit(grpcSocket);
      grpc.start();
    }
    if (config.http() != null) {
      Map<String, OtlpHttpSignal> signals = new LinkedHashMap<>();
      for (Signal signal : Signal.values()) {
        if (next.has(signal)) {
          signals.put(signal.configName(),
              new SignalIntake(signal, id.toString(), "http", next, telemetry.meterRegistry(),
                  config.limits()));
        }
      }
      http = new OtlpHttpReceiver(id, config.http(), signals, telemetry, config.httpGuards());
      http.inherit(httpSocket);
      try {
        http.start();
      } catch (Exception e) {
        if (grpc != null) {
          grpc.shutdown(Duration.ofSeconds(1));
        }
        http = null;
        throw e;
      }
    }
    grpcSocket = null;
    httpSocket = null;
  }

  /** The gRPC server's bound port; fails when {@code protocols.grpc} is not configured. */
  public int grpcPort() {
    if (grpc == null) {
      throw new IllegalStateException("receiver " + id + " has no running gRPC server");
    }
    return grpc.port();
  }

  /** The HTTP server's bound port; fails when {@code protocols.http} is not configured. */
  public int httpPort() {
    if (http == null) {
      throw new IllegalStateException("receiver " + id + " has no running HTTP server");
    }
    return http.port();
  }

  @Override
  public void shutdown(Duration timeout) {
    if (http != null) {
      http.shutdown(timeout);
    }
    if (grpc != null) {
      grpc.shutdown(timeout);
    }
  }

  @Override
  public String state() {
    List<String> states = new ArrayList<>();
    if (grpc != null) {
      states.add(grpc.state());
    }
    if (http != null) {
      states.add(http.state());
    }
    if (states.isEmpty()) {
      return "stopped";
    }
    return states.stream().allMatch(states.get(0)::equals) ? states.get(0) : String.join("/", states);
  }

  @Override
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (config.grpc() != null) {
      parts.add(grpc != null ? grpc.describe() : "OTLP/gRPC on " + config.grpc().endpoint());
    }
    if (config.http() != null) {
      parts.add(http != null ? http.describe() : "OTLP/HTTP on " + config.http().endpoint());
    }
    return String.join(", ", parts);
  }
}
