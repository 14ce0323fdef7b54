package dev.relay.service;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.HotSpotDiagnosticMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the heap a burst grew: after the burst, once {@link HeapGiveBackPolicy} sees the load back down, it
 * runs one full collection ({@code System.gc()}), so that the serial collector shrinks the old generation to what
 * the launcher's {@code MaxHeapFreeRatio} allows and uncommits the rest, and the process's RSS falls.
 *
 * <p>Driven by the JVM's collection notifications (on its notification thread) and, while the heap is grown, by a
 * one-shot delayed check on the JDK's shared delay thread; nothing runs while the heap is not grown, so an idle
 * relay never wakes for this. Not started when {@code -XX:+DisableExplicitGC} is set (the way to turn it off) or
 * when the heap has no old generation pool it recognises. Counts give-backs in {@code relay.heap.compactions}.
 */
final class HeapGiveBack implements AutoCloseable {
  static final String COMPACTIONS = "relay.heap.compactions";
  private static final Logger LOG = LoggerFactory.getLogger(HeapGiveBack.class);
  private static final long MIB = 1024 * 1024;
  private static final long WINDOW_SECONDS = 10;
  private static final long MIN_INTERVAL_SECONDS = 60;

  private final MemoryPoolMXBean oldPool;
  /** The old pool's name: collection notifications key their usages by it. */
  private final String oldPoolName;
  private final HeapGiveBackPolicy policy;
  private final Counter compactions;
  private final Executor check;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;
  private volatile boolean requested;
  private volatile long committedBeforeRequest;
  private volatile boolean closed;

  private HeapGiveBack(MemoryPoolMXBean oldPool, MeterRegistry registry) {
    this.oldPool = oldPool;
    this.oldPoolName = oldPool.getName();
    MemoryUsage usage = oldPool.getUsage();
    long max = usage.getMax() > 0 ? usage.getMax() : usage.getCommitted();
    // A give-back is worth its pause from 8 MiB, or an eighth of the old generation in larger heaps.
    long margin = Math.max(8 * MIB, max / 8);
    this.policy = new HeapGiveBackPolicy(usage.getCommitted(), margin, TimeUnit.SECONDS.toNanos(MIN_INTERVAL_SECONDS));
    this.compactions = Counter.builder(COMPACTIONS)
        .description("Full collections run to give heap back after a burst").register(registry);
    this.check = CompletableFuture.delayedExecutor(WINDOW_SECONDS, TimeUnit.SECONDS, Runnable::run);
  }

  /** Listens to the JVM's collections; empty when explicit collections are disabled or no old pool is known. */
  static Optional<HeapGiveBack> start(MeterRegistry registry) {
    if (explicitGcDisabled()) {
      LOG.debug("heap give-back off: -XX:+DisableExplicitGC");
      return Optional.empty();
    }
    Optional<MemoryPoolMXBean> old = ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(p -> p.getType() == MemoryType.HEAP && isOldGeneration(p.getName())).findFirst();
    if (old.isEmpty()) {
      LOG.debug("heap give-back off: no old generation pool among the heap pools");
      return Optional.empty();
    }
    HeapGiveBack giveBack = new HeapGiveBack(old.get(), registry);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(giveBack.listener, null, null);
        giveBack.emitters.add(emitter);
      }
    }
    return Optional.of(giveBack);
  }

  /** The serial, parallel and G1 collectors' old generation pools. */
  static boolean isOldGeneration(String pool) {
    return pool.contains("Old Gen") || pool.contains("Tenured Gen");
  }

  private static boolean explicitGcDisabled() {
    HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    return hotSpot != null && "true".equals(hotSpot.getVMOption("DisableExplicitGC").getValue());
  }

  private void onNotification(Notification n, Object handback) {
    if (closed || !GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
      return;
    }
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
    MemoryUsage after = info.getGcInfo().getMemoryUsageAfterGc().get(oldPoolName);
    if (after == null) {
      return;
    }
    boolean major = info.getGcAction().contains("major");
    boolean explicit = "System.gc()".equals(info.getGcCause()) || "Diagnostic Command".equals(info.getGcCause());
    long now = System.nanoTime();
    if (major && explicit && requested) {
      requested = false;
      compactions.increment();
      LOG.debug("heap give-back: a full collection took {} ms; old generation committed {} -> {} MiB, {} MiB used",
          info.getGcInfo().getDuration(), committedBeforeRequest / MIB, after.getCommitted() / MIB,
          after.getUsed() / MIB);
    }
    HeapGiveBackPolicy.Decision d = policy.onCollection(
        new HeapGiveBackPolicy.Collection(major, explicit, after.getUsed(), after.getCommitted()), now);
    if (d == HeapGiveBackPolicy.Decision.ARM) {
      check.execute(this::onCheck);
    }
  }

  private void onCheck() {
    if (closed) {
      return;
    }
    switch (policy.onCheck(System.nanoTime())) {
      case ARM -> check.execute(this::onCheck);
      case GIVE_BACK -> giveBack();
      case NONE -> { }
    }
  }

  private void giveBack() {
    committedBeforeRequest = oldPool.getUsage().getCommitted();
    requested = true;
    System.gc();
  }

  /** Stops listening; a check already armed does nothing. */
  @Override
  public void close() {
    closed = true;
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // already removed
      }
    }
  }
}
