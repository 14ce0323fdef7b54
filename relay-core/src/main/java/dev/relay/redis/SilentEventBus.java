package dev.relay.redis;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.EventBus;
import reactor.core.publisher.Flux;

/**
 * A Lettuce event bus that publishes to no one. Lettuce's own bus is a Reactor multicast sink on a scheduler,
 * built with every client's resources, for subscribers the relay never has (it listens to connections through
 * {@link io.lettuce.core.RedisConnectionStateListener}, which Lettuce tells directly). Not building it keeps
 * about 200 Reactor classes unloaded.
 */
public final class SilentEventBus implements EventBus {
  public static final SilentEventBus INSTANCE = new SilentEventBus();

  private SilentEventBus() {}

  @Override
  public Flux<Event> get() {
    return Flux.empty();
  }

  @Override
  public void publish(Event event) {
    // nobody listens
  }
}
