package dev.relay.ottl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * contrib's XML converters: {@code ParseXML}, {@code ParseSimplifiedXML}, {@code GetXML}, {@code InsertXML},
 * {@code RemoveXML}, {@code ConvertAttributesToElementsXML} and {@code ConvertTextToElementsXML}. Documents are
 * read by {@link XmlDoc} (no DTD, no entities); XPath 1.0 expressions are literals compiled when the statement
 * is, once per thread that evaluates them (a compiled JDK expression is not thread-safe).
 */
final class XmlConverters {
  private XmlConverters() {}

  static List<Converter> all() {
    return List.of(
        new TextConverters.Fn("ParseXML", 1, 1, (ctx, a) -> XmlMaps.parseXml(
            XmlDoc.parse("ParseXML", Converters.requireString("ParseXML", a[0])))).named(List.of("target")),
        new TextConverters.Fn("ParseSimplifiedXML", 1, 1, (ctx, a) -> XmlMaps.simplified(
            XmlDoc.parse("ParseSimplifiedXML", Converters.requireString("ParseSimplifiedXML", a[0]))))
            .named(List.of("target")),
        new XPathFn("GetXML", 2, 2, null, List.of("target", "xpath"), XmlConverters::get),
        new XPathFn("InsertXML", 3, 3, null, List.of("target", "xpath", "value"), XmlConverters::insert),
        new XPathFn("RemoveXML", 2, 2, null, List.of("target", "xpath"), XmlConverters::remove),
        new XPathFn("ConvertAttributesToElementsXML", 1, 2, "//@*", List.of("target", "xpath"),
            XmlConverters::attributesToElements),
        new XPathFn("ConvertTextToElementsXML", 1, 3, "/", List.of("target", "xpath", "elementName"),
            XmlConverters::textToElements));
  }

  /** The part after the document and XPath: what to do with the selected nodes. */
  interface Body {
    Object apply(String function, XmlDoc.Forest doc, List<Node> selected, Object[] rest);
  }

  /** A converter {@code F(target, xpath, ...)}: the XPath a literal, the target an XML string. */
  static final class XPathFn implements Converter {
    private static final XPathFactory XPATH = XPathFactory.newInstance();

    static {
      try {
        XPATH.setFeature(javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true);
      } catch (XPathFactoryConfigurationException e) {
        throw new IllegalStateException(e);
      }
    }

    private final String name;
    private final int min;
    private final int max;
    private final String defaultXPath;
    private final List<String> params;
    private final Body body;

    XPathFn(String name, int min, int max, String defaultXPath, List<String> params, Body body) {
      this.name = name;
      this.min = min;
      this.max = max;
      this.defaultXPath = defaultXPath;
      this.params = params;
      this.body = body;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public List<String> params() {
      return params;
    }

    @Override
    public Object defaultFor(int index, Ast.Expr[] given) {
      return index == 1 && defaultXPath != null ? defaultXPath : null;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name, args, min, max);
      Getter<T> target = args.get(0).getter();
      String text = args.size() > 1 ? args.get(1).literalString(name, "the xpath") : defaultXPath;
      if (text.isEmpty() && defaultXPath != null) {
        text = defaultXPath;
      }
      String xpath = text;
      compileXPath(name, xpath);
      ThreadLocal<XPathExpression> compiled = ThreadLocal.withInitial(() -> {
        try {
          return compileXPath(name, xpath);
        } catch (OttlException e) {
          throw new IllegalStateException(e); // compiled once above, so it compiles
        }
      });
      List<Getter<T>> rest = new ArrayList<>();
      for (int i = 2; i < args.size(); i++) {
        rest.add(args.get(i).getter());
      }
      return ctx -> {
        XmlDoc.Forest doc = XmlDoc.parse(name, Converters.requireString(name, target.get(ctx)));
        Object[] more = new Object[rest.size()];
        for (int i = 0; i < more.length; i++) {
          more[i] = rest.get(i).get(ctx);
        }
        return body.apply(name, doc, select(name, compiled.get(), doc), more);
      };
    }

    private static XPathExpression compileXPath(String function, String xpath) throws OttlException {
      try {
        javax.xml.xpath.XPath x;
        synchronized (XPATH) { // once per thread and expression; the factory is not promised thread-safe
          x = XPATH.newXPath();
        }
        return x.compile(xpath);
      } catch (XPathExpressionException e) {
        throw new OttlException(function + ": invalid xpath: " + xpath + ": "
            + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
      }
    }

    /**
     * The nodes the XPath selects, in document order, evaluated on each top-level node's document; the root
     * ({@code /}) is given once, as the first document node selected, and stands for the whole text.
     */
    private static List<Node> select(String function, XPathExpression xpath, XmlDoc.Forest forest) {
      List<Node> out = new ArrayList<>();
      boolean root = false;
      for (Node top : forest.top) {
        Document doc = top.getOwnerDocument();
        if (top.getParentNode() != doc) {
          continue; // top-level text is not in a document
        }
        try {
          NodeList nodes = (NodeList) xpath.evaluate(doc, XPathConstants.NODESET);
          for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n.getNodeType() == Node.DOCUMENT_NODE) {
              if (!root) {
                out.add(n);
                root = true;
              }
            } else {
              out.add(n);
            }
          }
        } catch (XPathExpressionException e) {
          throw new OttlRuntimeException(function + ": the xpath does not select nodes: " + e.getMessage());
        }
      }
      if (forest.top.isEmpty()) {
        out.add(null); // an empty text still has a root, which "/" selects
      }
      return inAttributeOrder(out);
    }
  }

  /** The selection with each element's attributes in document order (a DOM, and so XPath, sorts them by name). */
  private static List<Node> inAttributeOrder(List<Node> nodes) {
    for (int i = 0; i < nodes.size(); i++) {
      if (!(nodes.get(i) instanceof Attr first)) {
        continue;
      }
      int end = i;
      while (end < nodes.size() && nodes.get(end) instanceof Attr a && a.getOwnerElement() == first.getOwnerElement()) {
        end++;
      }
      List<String> order = XmlDoc.attributeOrder(first.getOwnerElement());
      nodes.subList(i, end).sort(java.util.Comparator.comparingInt(n -> order.indexOf(n.getNodeName())));
      i = end - 1;
    }
    return nodes;
  }

  /** GetXML: elements and text as they are, attributes and CDATA as their text. */
  private static Object get(String function, XmlDoc.Forest doc, List<Node> selected, Object[] rest) {
    StringBuilder sb = new StringBuilder();
    for (Node n : selected) {
      if (n == null) {
        continue;
      }
      switch (n.getNodeType()) {
        case Node.ELEMENT_NODE, Node.TEXT_NODE -> XmlDoc.write(sb, n, false);
        case Node.ATTRIBUTE_NODE, Node.CDATA_SECTION_NODE -> sb.append(XmlDoc.escape(n.getTextContent().strip()));
        default -> {
          // other nodes are left out, as in contrib
        }
      }
    }
    return sb.toString();
  }

  /** InsertXML: the sub-document's nodes appended to each selected element (or the document). */
  private static Object insert(String function, XmlDoc.Forest doc, List<Node> selected, Object[] rest) {
    XmlDoc.Forest sub = XmlDoc.parse(function, Converters.requireString(function, rest[0]));
    List<String> nonElements = new ArrayList<>();
    for (Node n : selected) {
      if (n == null || n.getNodeType() == Node.DOCUMENT_NODE) {
        // the root: the sub-document's nodes become top-level nodes, each in a document of its own
        for (Node c : sub.top) {
          Document own = XmlDoc.newDocument();
          Node copy = XmlDoc.copy(c, own);
          if (copy.getNodeType() != Node.TEXT_NODE && copy.getNodeType() != Node.CDATA_SECTION_NODE) {
            own.appendChild(copy);
          }
          doc.top.add(copy);
        }
      } else if (n.getNodeType() == Node.ELEMENT_NODE) {
        for (Node c : sub.top) {
          n.appendChild(XmlDoc.copy(c, n.getOwnerDocument()));
        }
      } else {
        nonElements.add("\"" + (n.getNodeType() == Node.ATTRIBUTE_NODE ? n.getNodeName() : n.getNodeValue())
            + "\"");
      }
    }
    if (!nonElements.isEmpty()) {
      throw new OttlRuntimeException(function + ": XPath selected non-element: " + String.join(", ", nonElements));
    }
    return XmlDoc.write(doc);
  }

  /** RemoveXML: elements, comments and CDATA go; attributes are removed; text is emptied. */
  private static Object remove(String function, XmlDoc.Forest doc, List<Node> selected, Object[] rest) {
    for (Node n : selected) {
      if (n == null) {
        continue;
      }
      switch (n.getNodeType()) {
        case Node.ELEMENT_NODE, Node.COMMENT_NODE, Node.CDATA_SECTION_NODE -> {
          if (n.getParentNode() instanceof Document) {
            doc.top.remove(n);
          } else if (n.getParentNode() != null) {
            n.getParentNode().removeChild(n);
          }
        }
        case Node.ATTRIBUTE_NODE -> ((Attr) n).getOwnerElement().removeAttributeNode((Attr) n);
        case Node.TEXT_NODE -> n.setNodeValue("");
        default -> {
          // nothing else is removed, as in contrib
        }
      }
    }
    return XmlDoc.write(doc);
  }

  /** ConvertAttributesToElementsXML: each selected attribute becomes the last child element of its element. */
  private static Object attributesToElements(String function, XmlDoc.Forest doc, List<Node> selected,
      Object[] rest) {
    for (Node n : selected) {
      if (n instanceof Attr attr) {
        Element owner = attr.getOwnerElement();
        Document d = owner.getOwnerDocument();
        Element child = d.createElement(attr.getName());
        child.appendChild(d.createTextNode(attr.getValue()));
        owner.appendChild(child);
        owner.removeAttributeNode(attr);
      }
    }
    return XmlDoc.write(doc);
  }

  /** ConvertTextToElementsXML: text beside other content is wrapped in an element (default {@code value}). */
  private static Object textToElements(String function, XmlDoc.Forest doc, List<Node> selected, Object[] rest) {
    String elementName = rest.length > 0 ? Converters.requireString(function, rest[0]) : "value";
    if (elementName.isEmpty()) {
      elementName = "value";
    }
    for (Node n : selected) {
      if (n == null || n.getNodeType() == Node.DOCUMENT_NODE) {
        for (Node top : doc.top) {
          wrapText(top, elementName, 1);
        }
      } else {
        wrapText(n, elementName, 0);
      }
    }
    return XmlDoc.write(doc);
  }

  private static void wrapText(Node parent, String elementName, int depth) {
    if (parent.getNodeType() != Node.ELEMENT_NODE && parent.getNodeType() != Node.DOCUMENT_NODE) {
      return;
    }
    if (depth > XmlDoc.MAX_DEPTH) {
      throw new OttlRuntimeException("ConvertTextToElementsXML: exceeded maximum XML nesting depth of "
          + XmlDoc.MAX_DEPTH);
    }
    int values = 0;
    int elements = 0;
    for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        wrapText(c, elementName, depth + 1);
        elements++;
      } else if (c.getNodeType() == Node.TEXT_NODE) {
        values++;
      }
    }
    if (values == 0 || elements + values <= 1) {
      return;
    }
    for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.TEXT_NODE) {
        Element wrapper = parent.getOwnerDocument().createElement(elementName);
        parent.replaceChild(wrapper, c);
        wrapper.appendChild(c);
        c = wrapper;
      }
    }
  }

  /** Attribute names and values of an element, in document order (for the map converters). */
  static Map<String, String> attributes(Element e) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : XmlDoc.attributeOrder(e)) {
      out.put(name, e.getAttribute(name));
    }
    return out;
  }
}
