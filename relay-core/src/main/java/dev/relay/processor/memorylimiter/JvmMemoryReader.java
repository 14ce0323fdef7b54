package dev.relay.processor.memorylimiter;

import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the heap through the platform MXBeans. "After the last GC" is the heap pools' usage recorded by the GC
 * that ended last ({@code com.sun.management.GcInfo}): unlike {@code MemoryPoolMXBean.getCollectionUsage()}, which
 * G1 only updates for the old generation after a full GC, it is fresh after every young collection too.
 */
final class JvmMemoryReader implements MemoryReader {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
  private final Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());

  @Override
  public long heapUsed() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  @Override
  public long heapUsedAfterLastGc() {
    GcInfo last = null;
    for (GarbageCollectorMXBean gc : collectors) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean sun) {
        GcInfo info = sun.getLastGcInfo();
        if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
          last = info;
        }
      }
    }
    if (last == null) {
      return -1;
    }
    long sum = 0;
    for (Map.Entry<String, MemoryUsage> e : last.getMemoryUsageAfterGc().entrySet()) {
      if (heapPools.contains(e.getKey())) {
        sum += e.getValue().getUsed();
      }
    }
    return sum;
  }
}
