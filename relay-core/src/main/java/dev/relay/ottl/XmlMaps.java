package dev.relay.ottl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The map forms of an XML document: {@code ParseXML}'s ({@code tag}, {@code content}, {@code attributes},
 * {@code children}, as Go's encoding/xml reads it) and {@code ParseSimplifiedXML}'s (elements as keys).
 */
final class XmlMaps {
  private XmlMaps() {}

  /**
   * {@code ParseXML}: the root element as a map; names without their namespace prefix; content is each run of
   * character data trimmed and joined; an empty or element-less text fails, as Go's decoder does.
   */
  static AttributeMap parseXml(XmlDoc.Forest doc) {
    Element root = null;
    for (Node c : doc.top) {
      boolean content = c instanceof Element || c.getNodeType() == Node.TEXT_NODE
          || c.getNodeType() == Node.CDATA_SECTION_NODE;
      if (root != null && content) {
        throw new OttlRuntimeException("ParseXML: trailing bytes after parsing xml");
      }
      if (c instanceof Element e) {
        root = e;
      }
    }
    if (root == null) {
      throw new OttlRuntimeException("ParseXML: unmarshal xml: EOF");
    }
    return element(root);
  }

  private static AttributeMap element(Element e) {
    MapBuilder m = new MapBuilder();
    m.put("tag", local(e.getTagName()));
    StringBuilder content = new StringBuilder();
    List<Object> children = new ArrayList<>();
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      switch (c.getNodeType()) {
        case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> content.append(c.getNodeValue().strip());
        case Node.ELEMENT_NODE -> children.add(element((Element) c));
        default -> {
          // comments and processing instructions are left out
        }
      }
    }
    if (!content.isEmpty()) {
      m.put("content", content.toString());
    }
    Map<String, String> attrs = XmlConverters.attributes(e);
    if (!attrs.isEmpty()) {
      MapBuilder a = new MapBuilder();
      attrs.forEach((k, v) -> a.put(local(k), v));
      m.put("attributes", a.build());
    }
    if (!children.isEmpty()) {
      m.put("children", children);
    }
    return m.build();
  }

  private static String local(String name) {
    int colon = name.indexOf(':');
    return colon < 0 ? name : name.substring(colon + 1);
  }

  /**
   * {@code ParseSimplifiedXML}: an element holding only text is {@code "tag": "text"} (its first text or CDATA);
   * one holding elements is a map; siblings sharing a tag make a list; empty elements are dropped but still make
   * their siblings a list; attributes and text beside elements are ignored.
   */
  static AttributeMap simplified(XmlDoc.Forest doc) {
    return simplified(doc.top);
  }

  private static List<Node> children(Node parent) {
    List<Node> out = new ArrayList<>();
    for (Node c = parent.getFirstChild(); c != null; c = c.getNextSibling()) {
      out.add(c);
    }
    return out;
  }

  private static AttributeMap simplified(List<Node> nodes) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Node c : nodes) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        counts.merge(c.getNodeName(), 1, Integer::sum);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Node c : nodes) {
      if (c.getNodeType() != Node.ELEMENT_NODE || c.getFirstChild() == null) {
        continue;
      }
      String tag = c.getNodeName();
      String leaf = leaf(c);
      Object value = null;
      if (!leaf.isEmpty()) {
        value = leaf;
      } else {
        AttributeMap child = simplified(children(c));
        if (!child.entries().isEmpty()) {
          value = child;
        }
      }
      if (counts.get(tag) > 1) {
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) out.computeIfAbsent(tag, k -> new ArrayList<>());
        if (value != null) {
          list.add(value);
        }
      } else if (value != null) {
        out.put(tag, value);
      }
    }
    MapBuilder m = new MapBuilder();
    out.forEach(m::put);
    return m.build();
  }

  private static String leaf(Node e) {
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        return "";
      }
    }
    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
        return c.getNodeValue();
      }
    }
    return "";
  }
}
