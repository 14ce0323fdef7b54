package dev.relay.ottl;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The XML documents of contrib's XML converters (which use antchfx/xmlquery): read into a DOM with a streaming
 * parser that resolves no DTD and no external or custom entity (a DOCTYPE is refused), at most 10,000 elements
 * deep; and written back as xmlquery's {@code OutputXML(false)} writes: every element with an end tag, attributes
 * in document order, text trimmed (unless under {@code xml:space="preserve"}) and escaped as Go's
 * {@code html.EscapeString} escapes, CDATA and comments as they were, and the XML declaration only when the text
 * began with one.
 */
final class XmlDoc {
  static final int MAX_DEPTH = 10_000;
  /** The attribute names of an element in document order (a DOM keeps them sorted). */
  private static final String ORDER = "relay.attributeOrder";

  /** A factory per thread: StAX factories are not promised to be thread-safe. */
  private static final ThreadLocal<XMLInputFactory> STAX = ThreadLocal.withInitial(XmlDoc::staxFactory);
  private static final DocumentBuilderFactory DOM = DocumentBuilderFactory.newInstance();

  private static XMLInputFactory staxFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
    f.setProperty(XMLInputFactory.IS_COALESCING, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
    // the JDK's parser reports CDATA as plain characters unless asked; xmlquery keeps CDATA sections apart
    String reportCdata = "http://java.sun.com/xml/stream/properties/report-cdata-event";
    if (f.isPropertySupported(reportCdata)) {
      f.setProperty(reportCdata, true);
    }
    return f;
  }

  static {
    try {
      DOM.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  private XmlDoc() {}

  /**
   * A parsed text: its top-level nodes in order (xmlquery accepts several root elements, where a DOM document
   * holds one, so each top-level node is the child of a document of its own), and the declaration to write back.
   */
  static final class Forest {
    final List<Node> top = new ArrayList<>();
    String declaration;
  }

  /** A builder per thread: a factory is not promised to be thread-safe, and documents are made per item. */
  private static final ThreadLocal<javax.xml.parsers.DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
    try {
      return DOM.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  });

  static Document newDocument() {
    return BUILDER.get().newDocument();
  }

  /** The text's nodes; an empty text has none, as in xmlquery. */
  static Forest parse(String function, String text) {
    Forest forest = new Forest();
    String body = text;
    if (text.startsWith("<?xml")) {
      int end = text.indexOf("?>");
      if (end < 0) {
        throw new OttlRuntimeException(function + ": parse xml: unterminated XML declaration");
      }
      forest.declaration = declaration(text.substring(5, end));
      body = text.substring(end + 2);
    }
    if (body.isBlank()) {
      return forest;
    }
    if (hasDoctype(body)) {
      throw new OttlRuntimeException(function
          + ": parse xml: a DOCTYPE is not accepted (Relay resolves no DTD or entity)");
    }
    XMLStreamReader r = null;
    try {
      // a synthetic outer element lets the text hold several roots, as xmlquery lets it
      r = STAX.get().createXMLStreamReader(new StringReader("<relay-xml-forest>" + body + "</relay-xml-forest>"));
      Node parent = null;
      int depth = 0;
      StringBuilder chars = new StringBuilder();
      while (r.hasNext()) {
        int event = r.next();
        if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.SPACE) {
          chars.append(r.getText());
          continue;
        }
        if (!chars.isEmpty()) {
          if (parent != null) {
            parent.appendChild(parent.getOwnerDocument().createTextNode(chars.toString()));
          } else if (depth == 1 && !chars.toString().isBlank()) {
            Document holder = newDocument();
            forest.top.add(holder.createTextNode(chars.toString()));
          }
          chars.setLength(0);
        }
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (depth++ == 0) {
              continue; // the synthetic outer element
            }
            if (depth > MAX_DEPTH + 1) {
              throw new OttlRuntimeException(function + ": exceeded maximum XML nesting depth of " + MAX_DEPTH);
            }
            Document doc = parent == null ? newDocument() : parent.getOwnerDocument();
            Element e = element(doc, r);
            if (parent == null) {
              doc.appendChild(e);
              forest.top.add(e);
            } else {
              parent.appendChild(e);
            }
            parent = e;
          }
          case XMLStreamConstants.END_ELEMENT -> {
            depth--;
            if (parent != null) {
              Node up = parent.getParentNode();
              parent = up instanceof Document ? null : up;
            }
          }
          case XMLStreamConstants.CDATA -> {
            String t = r.getText();
            add(forest, parent, d -> d.createCDATASection(t));
          }
          case XMLStreamConstants.COMMENT -> {
            String t = r.getText();
            add(forest, parent, d -> d.createComment(t));
          }
          case XMLStreamConstants.PROCESSING_INSTRUCTION -> {
            String target = r.getPITarget();
            String data = r.getPIData();
            add(forest, parent, d -> d.createProcessingInstruction(target, data == null ? "" : data));
          }
          case XMLStreamConstants.DTD -> throw new OttlRuntimeException(function
              + ": parse xml: a DOCTYPE is not accepted (Relay resolves no DTD or entity)");
          case XMLStreamConstants.ENTITY_REFERENCE -> throw new OttlRuntimeException(function
              + ": parse xml: undefined entity &" + r.getLocalName() + ";");
          default -> {
            // START_DOCUMENT, END_DOCUMENT
          }
        }
      }
      return forest;
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof OttlRuntimeException o) {
        throw o;
      }
      throw new OttlRuntimeException(function + ": parse xml: " + e.getMessage());
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing to release
        }
      }
    }
  }

  /** Whether a DOCTYPE comes before the first element (after any comments and processing instructions). */
  private static boolean hasDoctype(String body) {
    int i = 0;
    while (true) {
      while (i < body.length() && Character.isWhitespace(body.charAt(i))) {
        i++;
      }
      if (body.startsWith("<!--", i)) {
        int end = body.indexOf("-->", i + 4);
        i = end < 0 ? body.length() : end + 3;
      } else if (body.startsWith("<?", i)) {
        int end = body.indexOf("?>", i + 2);
        i = end < 0 ? body.length() : end + 2;
      } else {
        return body.startsWith("<!DOCTYPE", i);
      }
    }
  }

  /** A node made by {@code make}, under {@code parent}, or at the top in a document of its own. */
  private static void add(Forest forest, Node parent, java.util.function.Function<Document, Node> make) {
    if (parent != null) {
      parent.appendChild(make.apply(parent.getOwnerDocument()));
      return;
    }
    Document doc = newDocument();
    Node n = make.apply(doc);
    if (n.getNodeType() != Node.CDATA_SECTION_NODE) {
      doc.appendChild(n);
    }
    forest.top.add(n);
  }

  private static Element element(Document doc, XMLStreamReader r) {
    Element e = doc.createElement(qualified(r.getPrefix(), r.getLocalName()));
    List<String> order = new ArrayList<>();
    for (int i = 0; i < r.getNamespaceCount(); i++) {
      String p = r.getNamespacePrefix(i);
      String name = p == null || p.isEmpty() ? "xmlns" : "xmlns:" + p;
      e.setAttribute(name, r.getNamespaceURI(i));
      if (!order.contains(name)) {
        order.add(name);
      }
    }
    for (int i = 0; i < r.getAttributeCount(); i++) {
      String name = qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i));
      e.setAttribute(name, r.getAttributeValue(i));
      if (!order.contains(name)) {
        order.add(name);
      }
    }
    e.setUserData(ORDER, order, null);
    return e;
  }

  private static String qualified(String prefix, String local) {
    return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
  }

  /** The declaration's pseudo-attributes rewritten as xmlquery writes them: {@code  name="value"} each. */
  private static String declaration(String inner) {
    StringBuilder out = new StringBuilder("<?xml");
    int i = 0;
    while (i < inner.length()) {
      while (i < inner.length() && Character.isWhitespace(inner.charAt(i))) {
        i++;
      }
      int eq = inner.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String name = inner.substring(i, eq).trim();
      int q = eq + 1;
      while (q < inner.length() && Character.isWhitespace(inner.charAt(q))) {
        q++;
      }
      if (q >= inner.length()) {
        break;
      }
      char quote = inner.charAt(q);
      int close = inner.indexOf(quote, q + 1);
      if (close < 0) {
        break;
      }
      out.append(' ').append(name).append("=\"").append(escape(inner.substring(q + 1, close))).append('"');
      i = close + 1;
    }
    return out.append("?>").toString();
  }

  /** The text as xmlquery's OutputXML(false) writes it. */
  static String write(Forest forest) {
    StringBuilder sb = new StringBuilder();
    if (forest.declaration != null) {
      sb.append(forest.declaration);
    }
    for (Node n : forest.top) {
      write(sb, n, false);
    }
    return sb.toString();
  }

  static void write(StringBuilder sb, Node n, boolean preserveSpaces) {
    switch (n.getNodeType()) {
      case Node.TEXT_NODE -> sb.append(escape(preserveSpaces ? n.getNodeValue() : n.getNodeValue().strip()));
      case Node.CDATA_SECTION_NODE -> sb.append("<![CDATA[").append(n.getNodeValue()).append("]]>");
      case Node.COMMENT_NODE -> sb.append("<!--").append(n.getNodeValue()).append("-->");
      case Node.PROCESSING_INSTRUCTION_NODE -> {
        String data = n.getNodeValue() == null ? "" : n.getNodeValue();
        sb.append("<?").append(n.getNodeName()).append(data.isEmpty() ? "" : " " + data).append("?>");
      }
      case Node.ELEMENT_NODE -> {
        Element e = (Element) n;
        String space = e.getAttribute("xml:space");
        boolean preserve = space.equals("preserve") || (preserveSpaces && !space.equals("default"));
        sb.append('<').append(e.getTagName());
        for (String name : attributeOrder(e)) {
          sb.append(' ').append(name).append("=\"").append(escape(e.getAttribute(name))).append('"');
        }
        sb.append('>');
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
          write(sb, c, preserve);
        }
        sb.append("</").append(e.getTagName()).append('>');
      }
      default -> {
        // attributes are written with their element; nothing else occurs
      }
    }
  }

  /** A deep copy of {@code n} owned by {@code doc}, keeping the attribute order of its elements. */
  static Node copy(Node n, Document doc) {
    Node out = doc.importNode(n, true);
    keepOrder(n, out);
    return out;
  }

  private static void keepOrder(Node from, Node to) {
    if (from instanceof Element) {
      to.setUserData(ORDER, from.getUserData(ORDER), null);
    }
    for (Node a = from.getFirstChild(), b = to.getFirstChild(); a != null && b != null;
        a = a.getNextSibling(), b = b.getNextSibling()) {
      keepOrder(a, b);
    }
  }

  /** The element's attribute names: those it was read with, in that order, then any added since. */
  @SuppressWarnings("unchecked")
  static List<String> attributeOrder(Element e) {
    List<String> known = (List<String>) e.getUserData(ORDER);
    List<String> out = new ArrayList<>();
    NamedNodeMap attrs = e.getAttributes();
    if (known != null) {
      for (String name : known) {
        if (e.hasAttribute(name)) {
          out.add(name);
        }
      }
    }
    for (int i = 0; i < attrs.getLength(); i++) {
      String name = ((Attr) attrs.item(i)).getName();
      if (!out.contains(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** Go's html.EscapeString. */
  static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '\'' -> "&#39;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&#34;";
        default -> null;
      };
      if (rep != null && sb == null) {
        sb = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (sb != null) {
        if (rep != null) {
          sb.append(rep);
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
