package org.proximity.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The tree built from the TOML parser's tokens is the one the object mapper builds. */
class TomlTableTest {
  private static JsonNode ours(String toml) throws IOException {
    return TomlTable.tree(new TomlFactory().createParser(toml));
  }

  private static void assertSameTree(String toml) throws IOException {
    JsonNode expected = new TomlMapper().readTree(toml);
    JsonNode actual = ours(toml);
    assertEquals(expected, actual, toml);
    // decimal nodes of equal value and other scales (1.0 and 1) print differently: the problem messages show them
    assertEquals(expected.toString(), actual.toString(), toml);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "site = \"a\"\ngateway = 'b'\n",
        "[radio]\nsource = \"bluez\"\n[radio.simulator]\nphones = 2000\nspeed = 1.5\n",
        "a.b.c = 1\na.d = true\ne = false\n",
        "n = 2147483647\nm = 2147483648\nbig = 9223372036854775807\nneg = -9223372036854775808\nhex = 0xff\n",
        "f = 1e400\ng = -0.0\nh = 6.02e23\ni = inf\nj = nan\nk = 1.0\nl = 100e2147483647\n",
        "list = [1, 2, [3, \"x\"], { k = \"v\" }]\nempty = []\n",
        "inline = { a = 1, b = { c = [true, false] } }\n",
        "[[peers]]\nname = \"p1\"\n[[peers]]\nname = \"p2\"\n[peers.sub]\nx = 1\n",
        "s = \"tab\\tquote\\\"unicode\\u00e9\"\nml = \"\"\"\nline1\nline2\"\"\"\nlit = '''C:\\path'''\n",
        "when = 1979-05-27T07:32:00Z\nday = 1979-05-27\ntime = 07:32:00\n",
        "\"quoted key\" = 1\n'literal key' = 2\n[\"odd table\"]\nk = 3\n",
      })
  void tree_isTheMappersTree(String toml) throws IOException {
    assertSameTree(toml);
  }

  @Test
  void shippedConfigs_giveTheMappersTree() throws IOException {
    for (String file : List.of("../gateway/src/main/dist/gateway.toml", "../backend/src/main/dist/backend.toml")) {
      String toml = Files.readString(Path.of(file));
      assertTrue(ours(toml).size() >= 3, file);
      assertSameTree(toml);
    }
  }

  @Test
  void deepNesting_isRejectedOrBuilt_neverAStackOverflow() {
    String toml = "a = " + "[".repeat(5000) + "]".repeat(5000) + "\n";
    List<String> problems = new ArrayList<>();
    try {
      TomlTable.root(toml, "deep.toml", problems);
    } catch (ConfigException e) {
      assertTrue(e.getMessage().startsWith("deep.toml is not valid TOML"), e.getMessage());
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void invalidToml_namesTheLine() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> TomlTable.root("a = 1\nb = = 2\n", "x.toml", new ArrayList<>()));
    assertTrue(e.getMessage().startsWith("x.toml is not valid TOML at line 2: "), e.getMessage());
  }
}
