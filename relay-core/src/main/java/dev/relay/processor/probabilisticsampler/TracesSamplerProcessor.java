package dev.relay.processor.probabilisticsampler;

import dev.relay.consumer.Capabilities;
import dev.relay.component.ComponentId;
import dev.relay.component.TelemetrySettings;
import dev.relay.component.TracesProcessor;
import dev.relay.consumer.TracesConsumer;
import dev.relay.otlp.EditableTraces;
import dev.relay.otlp.EditableTraces.ResourceGroup;
import dev.relay.otlp.EditableTraces.ScopeGroup;
import dev.relay.otlp.TracesBatch;
import dev.relay.otlp.WireSpan;
import java.util.Iterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples spans one by one, as the Collector's traces sampler does: each span's randomness (its trace id, hashed
 * or not, or its tracestate's r-value) against the mode's threshold, with {@code sampling.priority} overriding,
 * and the threshold it was sampled at written into its {@code tracestate}. Dropped spans leave their scopes and
 * resources, and a batch left empty goes no further.
 */
final class TracesSamplerProcessor implements TracesProcessor {
  static final String METER = "relay.processor.probabilistic_sampler.count.traces.sampled";
  private static final Logger LOG = LoggerFactory.getLogger(TracesSamplerProcessor.class);

  private final ComponentId id;
  private final ProbabilisticSamplerConfig config;
  private final Sampler sampler;
  private final TracesConsumer next;
  private final SampledCounts counts;

  TracesSamplerProcessor(ComponentId id, ProbabilisticSamplerConfig config, TracesConsumer next,
      TelemetrySettings telemetry) {
    this.id = id;
    this.config = config;
    this.sampler = Sampler.of(config);
    this.next = next;
    this.counts = new SampledCounts(METER, id, "", telemetry.meterRegistry());
  }

  @Override
  public void start() {
    if (sampler.roundedToZero(config)) {
      LOG.warn("processor {}: sampling_percentage {} rounds to zero in hash_seed mode; no span will be sampled",
          id, config.samplingPercentage());
    }
  }

  @Override
  public void consumeTraces(TracesBatch batch) {
    EditableTraces req = batch.takeOpened();
    if (req == null) {
      req = EditableTraces.open(batch.bytes());
    }
    Draw d = new Draw();
    long[] counted = counts.batch();
    boolean changed = false;
    for (ResourceGroup rg : req.resources()) {
      for (ScopeGroup sg : rg.scopes()) {
        Iterator<WireSpan> it = sg.spans().iterator();
        while (it.hasNext()) {
          WireSpan span = it.next();
          boolean sampled = sample(span, d);
          counted[SampledCounts.slot(d.policy, sampled)]++;
          if (!sampled) {
            it.remove();
            changed = true;
          } else if (d.carrier != null) {
            changed |= writeTraceState(span, (TraceState) d.carrier);
          }
        }
      }
    }
    counts.add(counted);
    if (!changed) {
      next.consumeTraces(batch.withOpened(req));
      return;
    }
    req.removeEmptyGroups();
    if (req.spanCount() > 0) {
      next.consumeTraces(TracesBatch.fromEncoded(req.encode(), req.spanCount()));
    }
  }

  /** The decision for one span; {@code d} says on what it rests. */
  private boolean sample(WireSpan span, Draw d) {
    sampler.fromSpan(span.getTraceId(), span.getTraceState(), d);
    long threshold = sampler.threshold(d, config.failClosed());
    if (d.error != null && LOG.isDebugEnabled()) {
      LOG.debug("processor {}: traces sampler: {}", id, d.error);
    }
    switch (SpanPriority.of(span)) {
      case DO_NOT_SAMPLE -> {
        threshold = Sampling.NEVER;
        d.policy = Policy.SAMPLING_PRIORITY;
      }
      case MUST_SAMPLE -> {
        threshold = Sampling.ALWAYS;
        d.policy = Policy.SAMPLING_PRIORITY;
      }
      case DEFER -> { }
    }
    boolean sampled = Sampling.shouldSample(threshold, d.randomness);
    if (sampled && d.carrier != null && !d.carrier.updateThreshold(threshold) && LOG.isDebugEnabled()) {
      LOG.debug("processor {}: traces sampler: cannot raise existing sampling probability", id);
    }
    return sampled;
  }

  /** Writes the span's new tracestate, if it differs; true if it did. */
  private static boolean writeTraceState(WireSpan span, TraceState ts) {
    String text = ts.serialize();
    if (text.equals(span.getTraceState())) {
      return false;
    }
    span.builder().setTraceState(text);
    return true;
  }

  /** Only computes on the batch; what it hands on to is counted by the graph. */
  @Override
  public Capabilities capabilities() {
    return Capabilities.NEVER_BLOCKS;
  }

  @Override
  public String describe() {
    return "probabilistic_sampler: " + config.samplingPercentage() + "% (" + config.mode().key() + ")";
  }
}
