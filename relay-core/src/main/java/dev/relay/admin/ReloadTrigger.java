package dev.relay.admin;

import java.util.List;

/** What {@code POST /reload} on the admin server calls: applies the configuration files again. */
@FunctionalInterface
public interface ReloadTrigger {
  Answer reload();

  /** The outcome: {@code success}, {@code failed} or {@code unchanged}, and the faults of a failed one. */
  record Answer(String result, List<String> faults) {
    public Answer {
      faults = List.copyOf(faults);
    }
  }
}
