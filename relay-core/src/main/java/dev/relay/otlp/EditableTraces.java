package dev.relay.otlp;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A trace export request opened for processors that read and change it without decoding it whole: resources and
 * scopes (one each per group of spans, so cheap) are decoded into builders, and spans stay in the request's bytes
 * as {@link WireSpan}s. Spans and whole groups can be removed. {@link #encode()} writes the request as it is now,
 * copying what nobody changed.
 *
 * <p>Field order within a resource or scope group may change on the way (its resource or scope first, then its
 * spans, then any other fields); protobuf does not depend on it.
 */
public final class EditableTraces {
  // Field numbers of opentelemetry-proto's trace messages.
  private static final int REQUEST_RESOURCE_SPANS = 1;
  private static final int RESOURCE = 1;
  private static final int SCOPE_SPANS = 2;
  private static final int SCOPE = 1;
  private static final int SPANS = 2;

  /** One {@code ResourceSpans}: its resource, its scope groups, and its other fields' bytes. */
  public static final class ResourceGroup {
    private final Resource.Builder resource;
    private final boolean hadResource;
    private final List<ScopeGroup> scopes = new ArrayList<>();
    private final List<int[]> others = new ArrayList<>();
    private int size;
    private Resource written;

    private ResourceGroup(Resource.Builder resource, boolean hadResource) {
      this.resource = resource;
      this.hadResource = hadResource;
    }

    public Resource.Builder resource() {
      return resource;
    }

    public List<ScopeGroup> scopes() {
      return scopes;
    }
  }

  /** One {@code ScopeSpans}: its scope, its spans, and its other fields' bytes. */
  public static final class ScopeGroup {
    private final InstrumentationScope.Builder scope;
    private final boolean hadScope;
    private final List<WireSpan> spans = new ArrayList<>();
    private final List<int[]> others = new ArrayList<>();
    private int size;
    private InstrumentationScope written;

    private ScopeGroup(InstrumentationScope.Builder scope, boolean hadScope) {
      this.scope = scope;
      this.hadScope = hadScope;
    }

    public InstrumentationScope.Builder scope() {
      return scope;
    }

    public List<WireSpan> spans() {
      return spans;
    }
  }

  private final byte[] wire;
  private final List<ResourceGroup> resources = new ArrayList<>();
  private final List<int[]> others = new ArrayList<>();

  private EditableTraces(byte[] wire) {
    this.wire = wire;
  }

  /** Opens a request that was validated on receipt (or encoded by the relay). */
  public static EditableTraces open(byte[] wire) {
    EditableTraces t = new EditableTraces(wire);
    try {
      t.read();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("validated request failed to walk", e);
    }
    return t;
  }

  public List<ResourceGroup> resources() {
    return resources;
  }

  /** How many spans the request holds now. */
  public int spanCount() {
    int n = 0;
    for (ResourceGroup rg : resources) {
      for (ScopeGroup sg : rg.scopes) {
        n += sg.spans.size();
      }
    }
    return n;
  }

  /** Removes scope groups without spans, then resource groups without scope groups. */
  public void removeEmptyGroups() {
    for (ResourceGroup rg : resources) {
      rg.scopes.removeIf(sg -> sg.spans.isEmpty());
    }
    resources.removeIf(rg -> rg.scopes.isEmpty());
  }

  private void read() throws InvalidProtocolBufferException {
    WireReader r = new WireReader(wire);
    int end = wire.length;
    while (r.pos() < end) {
      int fieldStart = r.pos();
      int tag = r.tag(end);
      if (tag != (REQUEST_RESOURCE_SPANS << 3 | 2)) {
        r.skipField(tag, end, 0);
        others.add(new int[] {fieldStart, r.pos() - fieldStart});
        continue;
      }
      int len = r.length(end);
      int stop = r.pos() + len;
      resources.add(readResourceGroup(r, stop));
      r.seek(stop);
    }
  }

  private ResourceGroup readResourceGroup(WireReader r, int end) throws InvalidProtocolBufferException {
    Resource.Builder resource = Resource.newBuilder();
    ResourceGroup rg = new ResourceGroup(resource, mergeAll(r, end, RESOURCE, resource));
    while (r.pos() < end) {
      int fieldStart = r.pos();
      int tag = r.tag(end);
      if (tag == (RESOURCE << 3 | 2)) {
        r.skipField(tag, end, 0);
      } else if (tag == (SCOPE_SPANS << 3 | 2)) {
        int len = r.length(end);
        int stop = r.pos() + len;
        rg.scopes.add(readScopeGroup(r, stop));
        r.seek(stop);
      } else {
        r.skipField(tag, end, 0);
        rg.others.add(new int[] {fieldStart, r.pos() - fieldStart});
      }
    }
    return rg;
  }

  private ScopeGroup readScopeGroup(WireReader r, int end) throws InvalidProtocolBufferException {
    InstrumentationScope.Builder scope = InstrumentationScope.newBuilder();
    ScopeGroup sg = new ScopeGroup(scope, mergeAll(r, end, SCOPE, scope));
    while (r.pos() < end) {
      int fieldStart = r.pos();
      int tag = r.tag(end);
      if (tag == (SCOPE << 3 | 2)) {
        r.skipField(tag, end, 0);
      } else if (tag == (SPANS << 3 | 2)) {
        int len = r.length(end);
        sg.spans.add(new WireSpan(wire, r.pos(), len));
        r.seek(r.pos() + len);
      } else {
        r.skipField(tag, end, 0);
        sg.others.add(new int[] {fieldStart, r.pos() - fieldStart});
      }
    }
    return sg;
  }

  /**
   * Merges every occurrence of message field {@code field} before {@code end} into {@code into}, as protobuf does
   * (it may come after the other fields on the wire, and may come more than once); says whether there was one.
   * Leaves the reader where it was.
   */
  private boolean mergeAll(WireReader r, int end, int field, MessageLite.Builder into)
      throws InvalidProtocolBufferException {
    int start = r.pos();
    boolean found = false;
    while (r.pos() < end) {
      int tag = r.tag(end);
      if (tag == (field << 3 | 2)) {
        int len = r.length(end);
        into.mergeFrom(wire, r.pos(), len);
        found = true;
        r.seek(r.pos() + len);
      } else {
        r.skipField(tag, end, 0);
      }
    }
    r.seek(start);
    return found;
  }

  /** The request as it is now, in protobuf's wire format. */
  public byte[] encode() {
    int total = othersSize(others);
    int[] spanSizes = new int[spanCount()];
    int s = 0;
    for (ResourceGroup rg : resources) {
      int rsize = othersSize(rg.others);
      Resource resource = rg.resource.build();
      // An absent resource stays absent unless something was set on it.
      rg.written = rg.hadResource || resource.getSerializedSize() > 0 ? resource : null;
      if (rg.written != null) {
        rsize += CodedOutputStream.computeMessageSize(RESOURCE, rg.written);
      }
      for (ScopeGroup sg : rg.scopes) {
        int ssize = othersSize(sg.others);
        InstrumentationScope scope = sg.scope.build();
        sg.written = sg.hadScope || scope.getSerializedSize() > 0 ? scope : null;
        if (sg.written != null) {
          ssize += CodedOutputStream.computeMessageSize(SCOPE, sg.written);
        }
        for (WireSpan span : sg.spans) {
          int size = span.serializedSize();
          spanSizes[s++] = size;
          ssize += CodedOutputStream.computeTagSize(SPANS) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        sg.size = ssize;
        rsize += CodedOutputStream.computeTagSize(SCOPE_SPANS) + CodedOutputStream.computeUInt32SizeNoTag(ssize)
            + ssize;
      }
      rg.size = rsize;
      total += CodedOutputStream.computeTagSize(REQUEST_RESOURCE_SPANS)
          + CodedOutputStream.computeUInt32SizeNoTag(rsize) + rsize;
    }
    byte[] out = new byte[total];
    CodedOutputStream o = CodedOutputStream.newInstance(out);
    try {
      s = 0;
      for (ResourceGroup rg : resources) {
        o.writeTag(REQUEST_RESOURCE_SPANS, 2);
        o.writeUInt32NoTag(rg.size);
        if (rg.written != null) {
          o.writeMessage(RESOURCE, rg.written);
        }
        for (ScopeGroup sg : rg.scopes) {
          o.writeTag(SCOPE_SPANS, 2);
          o.writeUInt32NoTag(sg.size);
          if (sg.written != null) {
            o.writeMessage(SCOPE, sg.written);
          }
          for (WireSpan span : sg.spans) {
            o.writeTag(SPANS, 2);
            o.writeUInt32NoTag(spanSizes[s++]);
            span.writeTo(o);
          }
          writeOthers(o, sg.others);
        }
        writeOthers(o, rg.others);
      }
      writeOthers(o, others);
      o.checkNoSpaceLeft();
    } catch (IOException e) {
      throw new IllegalStateException("encoding into an array of the computed size failed", e);
    }
    return out;
  }

  private static int othersSize(List<int[]> ranges) {
    int n = 0;
    for (int[] range : ranges) {
      n += range[1];
    }
    return n;
  }

  private void writeOthers(CodedOutputStream o, List<int[]> ranges) throws IOException {
    for (int[] range : ranges) {
      o.writeRawBytes(wire, range[0], range[1]);
    }
  }
}
