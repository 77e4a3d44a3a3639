package org.proximity.common.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A strict reader over one TOML table: each getter declares a key with its default, and
 * {@link #rejectUnknown} then reports every key that nobody declared. Problems are collected, not
 * thrown, so a technician sees all of them at once.
 */
public final class TomlTable {
  /** A config file is a few kilobytes; a larger one is a mistake and is never read whole. */
  public static final int MAX_CONFIG_BYTES = 1 << 20;

  private final JsonNode node;
  private final String path;
  private final List<String> problems;
  private final Set<String> declared = new LinkedHashSet<>();

  public TomlTable(JsonNode node, String path, List<String> problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The text of a config file, or a problem naming it. */
  public static String readFile(Path file) throws ConfigException {
    try {
      long size = Files.size(file);
      if (size > MAX_CONFIG_BYTES) {
        throw new ConfigException("config file " + file + " must be at most " + MAX_CONFIG_BYTES + " bytes, but is " + size);
      }
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file " + file + " does not exist");
    } catch (IOException | UncheckedIOException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
    }
  }

  /** The top-level table of a TOML document; {@code origin} names it in problems. */
  public static TomlTable root(String toml, String origin, List<String> problems) throws ConfigException {
    JsonNode root;
    try {
      root = tree(new TomlFactory().createParser(toml));
    } catch (JacksonException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new ConfigException(origin + " is not valid TOML" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ConfigException(origin + " cannot be read: " + e.getMessage());
    }
    return new TomlTable(root, "", problems);
  }

  /**
   * The document as a tree, copied from the parser's tokens (the TOML parser builds a tree of its
   * own and walks it). Not through {@code TomlMapper}: an object mapper loads some 300 classes and
   * takes about a quarter of a second on one core to start (docs/benchmarks.md, "Start-up").
   */
  static JsonNode tree(JsonParser parser) throws IOException {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    Deque<ContainerNode<?>> open = new ArrayDeque<>();
    JsonNode root = null;
    try (parser) {
      for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
        if (t == JsonToken.FIELD_NAME) {
          continue;
        }
        if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
          open.pop();
          continue;
        }
        JsonNode v = switch (t) {
          case START_OBJECT -> nodes.objectNode();
          case START_ARRAY -> nodes.arrayNode();
          case VALUE_STRING -> nodes.textNode(parser.getText());
          case VALUE_TRUE, VALUE_FALSE -> nodes.booleanNode(t == JsonToken.VALUE_TRUE);
          case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
            case INT -> nodes.numberNode(parser.getIntValue());
            case LONG -> nodes.numberNode(parser.getLongValue());
            default -> nodes.numberNode(parser.getBigIntegerValue());
          };
          case VALUE_NUMBER_FLOAT -> parser.getNumberType() == NumberType.BIG_DECIMAL
              ? nodes.numberNode(stripped(parser.getDecimalValue()))
              : nodes.numberNode(parser.getDoubleValue());
          case VALUE_NULL -> nodes.nullNode();
          default -> nodes.pojoNode(parser.getEmbeddedObject());
        };
        ContainerNode<?> parent = open.peek();
        if (parent instanceof ObjectNode o) {
          o.set(parser.currentName(), v);
        } else if (parent instanceof ArrayNode a) {
          a.add(v);
        } else {
          root = v;
        }
        if (v instanceof ContainerNode<?> c) {
          open.push(c);
        }
      }
    }
    return root;
  }

  /**
   * Without trailing zeros, as the object mapper gives decimals: 1.0 reads as 1, -0.0 as 0. A scale
   * past an int's range ({@code 100e2147483647}) stays as it is, as with the mapper, not an error.
   */
  private static BigDecimal stripped(BigDecimal d) {
    if (d.signum() == 0) {
      return BigDecimal.ZERO;
    }
    try {
      return d.stripTrailingZeros();
    } catch (ArithmeticException scaleOverflow) {
      return d;
    }
  }

  private String key(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private JsonNode value(String name) {
    declared.add(name);
    return node == null ? null : node.get(name);
  }

  public TomlTable table(String name) {
    JsonNode v = value(name);
    if (v != null && !v.isObject()) {
      problems.add(key(name) + " must be a table ([" + key(name) + "]), was " + v);
      v = null;
    }
    return new TomlTable(v, key(name), problems);
  }

  public String string(String name, String dflt) {
    JsonNode v = value(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isTextual()) {
      problems.add(key(name) + " must be a string in quotes, was " + v);
      return dflt;
    }
    return v.asText();
  }

  /** A string that must be one of {@code allowed}. */
  public String choice(String name, String dflt, List<String> allowed) {
    String s = string(name, dflt);
    if (!allowed.contains(s)) {
      problems.add(key(name) + " must be one of " + String.join(", ", allowed) + ", was \"" + s + "\"");
      return dflt;
    }
    return s;
  }

  /**
   * A choice among an enum's constants, written in the file as their lower-case names
   * ({@code BLUEZ} as {@code "bluez"}); parsed here once, so no caller compares strings.
   */
  public <E extends Enum<E>> E choice(String name, E dflt, Class<E> type) {
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name().toLowerCase(Locale.ROOT));
    }
    String s = choice(name, dflt.name().toLowerCase(Locale.ROOT), allowed);
    return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
  }

  public long integer(String name, long dflt, long min, long max) {
    return integer(name, dflt, min, max, "must be between " + min + " and " + max);
  }

  /** A whole number from {@code min} to {@code max}; {@code rule} says so in the problem. */
  public long integer(String name, long dflt, long min, long max, String rule) {
    JsonNode v = value(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isIntegralNumber()) {
      problems.add(key(name) + " must be a whole number, was " + v);
      return dflt;
    }
    // a number past the range of a long must not wrap around to a small one
    BigInteger n = v.bigIntegerValue();
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      problems.add(key(name) + " " + rule + ", was " + n);
      return dflt;
    }
    return n.longValueExact();
  }

  /** A file path, or null when empty; a NUL character (which no file name can hold) is a problem. */
  public Path path(String name, String dflt) {
    return toPath(name, string(name, dflt));
  }

  /** The path in {@code s}, the value of {@code name}: null when empty or not a path (a problem then). */
  public Path toPath(String name, String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    if (s.indexOf('\0') >= 0) {
      problem(name, "must be a file path without a NUL character", "\"" + s.replace("\0", "\\u0000") + "\"");
      return null;
    }
    try {
      return Path.of(s);
    } catch (InvalidPathException e) {
      problem(name, "must be a file path (" + e.getReason() + ")", "\"" + s + "\"");
      return null;
    }
  }

  public double number(String name, double dflt, double minExclusive, double max) {
    JsonNode v = value(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isNumber()) {
      problems.add(key(name) + " must be a number, was " + v);
      return dflt;
    }
    double d = v.asDouble();
    if (!(d > minExclusive && d <= max)) {
      problems.add(key(name) + " must be above " + minExclusive + " and at most " + max + ", was " + d);
      return dflt;
    }
    return d;
  }

  public boolean bool(String name, boolean dflt) {
    JsonNode v = value(name);
    if (v == null) {
      return dflt;
    }
    if (!v.isBoolean()) {
      problems.add(key(name) + " must be true or false, was " + v);
      return dflt;
    }
    return v.asBoolean();
  }

  /** Records a problem found by a rule that spans keys or needs the value checked further. */
  public void problem(String name, String rule, Object value) {
    problems.add(key(name) + " " + rule + ", was " + value);
  }

  public void rejectUnknown() {
    if (node == null) {
      return;
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!declared.contains(f)) {
        unknown.add(f);
      }
    }
    for (String f : unknown) {
      problems.add(
          "unknown key " + key(f) + (declared.isEmpty() ? "" : " (known here: " + String.join(", ", declared) + ")"));
    }
  }
}
