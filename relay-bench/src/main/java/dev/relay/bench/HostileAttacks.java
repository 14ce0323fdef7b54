package dev.relay.bench;

import dev.relay.testing.HostileRequests;
import dev.relay.testing.RawHttp2;
import dev.relay.testing.TestTraces;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attacks of {@link HostileBench}, each run in the background until closed, counting the refusals its clients
 * saw (HTTP 413/503/4xx, a closed connection, REFUSED_STREAM, GOAWAY). Payloads and connections come from the
 * tests' shared {@link HostileRequests} and {@link RawHttp2}.
 */
final class HostileAttacks {
  private HostileAttacks() {}

  /** Relay listeners under attack. */
  record Target(int grpcPort, int httpPort, int adminPort) {}

  /** A running attack. */
  static final class Running implements AutoCloseable {
    final AtomicLong refusalsSeen = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<AutoCloseable> held = new ArrayList<>();

    boolean stopping() {
      return stop.get();
    }

    void loop(String name, Body body) {
      Thread t = new Thread(() -> {
        while (!stop.get()) {
          try {
            body.run();
          } catch (IOException e) {
            refusalsSeen.incrementAndGet(); // a cut connection
          } catch (Exception e) {
            return;
          }
        }
      }, "hostile-" + name);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }

    synchronized void hold(AutoCloseable c) {
      held.add(c);
    }

    @Override
    public synchronized void close() throws Exception {
      stop.set(true);
      for (Thread t : threads) {
        t.interrupt();
        t.join(10_000);
      }
      for (AutoCloseable c : held) {
        try {
          c.close();
        } catch (Exception e) {
          // already closed by the relay
        }
      }
    }
  }

  interface Body {
    void run() throws Exception;
  }

  /** Two gzip bombs (256 MiB of zeros each) at a time, again and again. */
  static Running gzipBombPairs(Target t) {
    Running r = new Running();
    byte[] bomb = HostileRequests.gzipBomb(256);
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 2; i++) {
      r.loop("bomb", () -> countStatus(r, http.send(HostileRequests.post(t.httpPort(), bomb, true),
          HttpResponse.BodyHandlers.discarding()).statusCode()));
    }
    return r;
  }

  /** Three bodies declared under the 4 MiB limit, sent to 3.9 MB and stalled, held open. */
  static Running stalledBodies(Target t) throws IOException {
    Running r = new Running();
    for (int i = 0; i < 3; i++) {
      r.hold(HostileRequests.stalledBody(t.httpPort(), 4_000_000, 3_900_000));
    }
    return r;
  }

  /** Requests of one span with 700,000 attributes (3.5 MB), one after another. */
  static Running giantAttributes(Target t) {
    Running r = new Running();
    byte[] wide = HostileRequests.wideSpan(700_000);
    HttpClient http = HttpClient.newHttpClient();
    r.loop("wide", () -> countStatus(r, http.send(HostileRequests.post(t.httpPort(), wide, false),
        HttpResponse.BodyHandlers.discarding()).statusCode()));
    return r;
  }

  /**
   * 20 gRPC connections with a zero receive window, each with 100 small Export calls the relay cannot answer and 10
   * calls more.
   */
  static Running zeroWindowStreams(Target t) throws IOException {
    Running r = new Running();
    byte[] small = TestTraces.request(TestTraces.spans("zero-window-", 1)).toByteArray();
    List<RawHttp2> conns = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      RawHttp2 c = RawHttp2.connect(t.grpcPort(), 0);
      conns.add(c);
      r.hold(c);
      for (int n = 0; n < 100; n++) {
        c.export(small);
      }
      for (int n = 0; n < 10; n++) {
        c.openOnly(); // over max_concurrent_streams: refused, unless an ended call freed a slot
      }
    }
    r.hold(() -> r.refusalsSeen.addAndGet(conns.stream().mapToLong(c -> c.refusedStreams() + c.ended()).sum()));
    return r;
  }

  /** HEADERS + RST_STREAM floods of up to 50,000 pairs on a new connection each, one after another. */
  static Running rapidReset(Target t) {
    Running r = new Running();
    r.loop("rapid-reset", () -> {
      try (RawHttp2 c = RawHttp2.connect(t.grpcPort(), 65_535)) {
        c.rapidReset(50_000);
        for (int i = 0; i < 100 && c.goAwayCode() < 0 && !c.closedByServer(); i++) {
          Thread.sleep(10); // the attacker waiting a moment for the GOAWAY before its next connection
        }
        if (c.goAwayCode() >= 0 || c.closedByServer()) {
          r.refusalsSeen.incrementAndGet();
        }
      }
    });
    return r;
  }

  /** 300 OTLP/HTTP connections each sending one byte of a request head every 2 s. */
  static Running slowloris(Target t) {
    Running r = new Running();
    List<Socket> sockets = new ArrayList<>();
    r.loop("slowloris", () -> {
      while (sockets.size() < 300) {
        Socket s = HostileRequests.slowloris(t.httpPort());
        sockets.add(s);
        r.hold(s);
      }
      for (int i = 0; i < 20 && !r.stopping(); i++) {
        Thread.sleep(100); // the attacker's pace: a byte every 2 s
      }
      for (int i = 0; i < sockets.size(); i++) {
        if (!HostileRequests.drip(sockets.get(i), 1)) {
          r.refusalsSeen.incrementAndGet();
          sockets.remove(i--);
        }
      }
    });
    return r;
  }

  /** 500 connections to the gRPC listener and 500 to the admin server that send nothing. */
  static Running idleConnections(Target t) throws IOException {
    Running r = new Running();
    for (int i = 0; i < 500; i++) {
      r.hold(HostileRequests.idle(t.grpcPort()));
      r.hold(HostileRequests.idle(t.adminPort()));
    }
    return r;
  }

  /** 300 /tap clients on every span that never read. */
  static Running nonReadingTaps(Target t) throws IOException {
    Running r = new Running();
    for (int i = 0; i < 300; i++) {
      r.hold(HostileRequests.nonReadingTap(t.adminPort(), "traces"));
    }
    return r;
  }

  private static void countStatus(Running r, int status) {
    if (status >= 400) {
      r.refusalsSeen.incrementAndGet();
    }
  }
}
