package dev.relay.ottl;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Tests and arithmetic with contrib's semantics: {@code IsEmpty}, {@code IsValidLuhn}, {@code IsInCIDR},
 * {@code Log}.
 */
final class CheckConverters {
  private CheckConverters() {}

  static List<Converter> all() {
    return List.of(
        Converters.unary("IsEmpty", true, CheckConverters::isEmpty),
        Converters.unary("IsValidLuhn", true, CheckConverters::luhn),
        Converters.unary("Log", false, CheckConverters::log),
        new IsInCidr());
  }

  /** func_is_empty.go: nil, an empty map, list or bytes, and a zero value ("", 0, false, an all-zero id). */
  static Object isEmpty(Object v) {
    if (v == null) {
      return true;
    }
    if (v instanceof String s) {
      return s.isEmpty();
    }
    if (v instanceof Long l) {
      return l == 0;
    }
    if (v instanceof Double d) {
      return d == 0;
    }
    if (v instanceof Boolean b) {
      return !b;
    }
    if (v instanceof AttributeMap m) {
      return m.entries().isEmpty();
    }
    if (v instanceof AttributeList l) {
      return l.items().isEmpty();
    }
    if (v instanceof List<?> l) {
      return l.isEmpty();
    }
    if (v instanceof ByteString b) {
      return b.isEmpty();
    }
    if (v instanceof Id id) {
      for (int i = 0; i < id.bytes().size(); i++) {
        if (id.bytes().byteAt(i) != 0) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /** func_is_valid_luhn.go: a string of digits only, or a non-negative int. */
  static Object luhn(Object v) {
    String digits;
    if (v instanceof Long l && l >= 0) {
      digits = Long.toString(l);
    } else if (v instanceof String s && !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      digits = s;
    } else {
      throw new OttlRuntimeException("IsValidLuhn expects a string of digits or an int, got "
          + Converters.describe(v));
    }
    int sum = 0;
    boolean twice = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (twice) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      twice = !twice;
    }
    return sum % 10 == 0;
  }

  /** func_log.go: the natural log of a number (ints, numeric strings and bools are converted); not above 0 fails. */
  static Object log(Object v) {
    Object d = v instanceof Double ? v : Converters.toDouble(v);
    if (!(d instanceof Double x)) {
      throw new OttlRuntimeException("Log expects a number, got " + Converters.describe(v));
    }
    if (x <= 0) {
      throw new OttlRuntimeException("Log: the value must be greater than 0, got " + Values.formatDouble(x));
    }
    return Math.log(x);
  }

  /** {@code IsInCIDR(target, ["10.0.0.0/8", ...])}: whether the IP address is in one of the networks. */
  static final class IsInCidr implements Converter {
    @Override
    public String name() {
      return "IsInCIDR";
    }

    @Override
    public boolean returnsBoolean() {
      return true;
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 2, 2);
      if (!(args.get(1).expr() instanceof Ast.ListExpr list)) {
        throw new OttlException("IsInCIDR: the networks must be a list of CIDR strings");
      }
      List<byte[]> networks = new ArrayList<>();
      List<Integer> prefixes = new ArrayList<>();
      for (Ast.Expr e : list.items()) {
        if (!(e instanceof Ast.Literal l) || !(l.value() instanceof String cidr) || cidr.indexOf('/') < 0) {
          throw new OttlException("IsInCIDR: each network must be a CIDR string such as \"10.0.0.0/8\"");
        }
        int slash = cidr.indexOf('/');
        byte[] net = address(cidr.substring(0, slash));
        int bits;
        try {
          bits = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException ex) {
          bits = -1;
        }
        if (net == null || bits < 0 || bits > net.length * 8) {
          throw new OttlException("IsInCIDR: invalid CIDR address: " + cidr);
        }
        networks.add(net);
        prefixes.add(bits);
      }
      Getter<T> target = args.get(0).getter();
      return ctx -> {
        String s = Converters.requireString(name(), target.get(ctx));
        byte[] ip = address(s);
        if (ip == null) {
          throw new OttlRuntimeException("IsInCIDR: invalid IP address: " + s);
        }
        for (int i = 0; i < networks.size(); i++) {
          if (within(ip, networks.get(i), prefixes.get(i))) {
            return true;
          }
        }
        return false;
      };
    }

    /** The bytes of a literal IPv4 or IPv6 address (never a name lookup); null when it is not one. */
    static byte[] address(String s) {
      boolean v4 = s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
      boolean v6 = s.indexOf(':') >= 0 && s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
      if (!v4 && !v6) {
        return null;
      }
      if (v4 && s.split("\\.", -1).length != 4) {
        return null;
      }
      try {
        return InetAddress.getByName(s).getAddress();
      } catch (UnknownHostException e) {
        return null;
      }
    }

    private static boolean within(byte[] ip, byte[] net, int bits) {
      if (ip.length != net.length) {
        return false;
      }
      BigInteger mask = BigInteger.ONE.shiftLeft(ip.length * 8).subtract(BigInteger.ONE)
          .xor(BigInteger.ONE.shiftLeft(ip.length * 8 - bits).subtract(BigInteger.ONE));
      return new BigInteger(1, ip).and(mask).equals(new BigInteger(1, net).and(mask));
    }
  }
}
