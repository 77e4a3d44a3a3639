package org.proximity.contract.rollingid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/rolling-ids.md says how a backend gets raw IDs from published keys; every value in its
 * vector tables is recomputed here with the contract's key schedules, and the GAEN ones are also
 * compared with the official vector file, so the page and the code cannot drift apart.
 */
class RollingIdDocTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Path DOC = Path.of(System.getProperty("docs.dir", "../docs")).resolve("rolling-ids.md");

  /** The cells of the table rows that start with {@code | first} in the section titled {@code section}. */
  private static List<String[]> rows(String section, String firstCell) throws Exception {
    String text = Files.readString(DOC);
    int from = text.indexOf(section);
    assertTrue(from >= 0, "rolling-ids.md has " + section);
    int to = text.indexOf("\n## ", from + 1);
    List<String[]> rows = new ArrayList<>();
    for (String line : text.substring(from, to < 0 ? text.length() : to).split("\n")) {
      if (line.startsWith("| " + firstCell)) {
        String[] cells = line.substring(1, line.length() - 1).split("\\|");
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim();
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  private static String hexIn(String cell) {
    Matcher m = Pattern.compile("`([0-9a-f]+)`").matcher(cell);
    assertTrue(m.find(), "a hex value in " + cell);
    return m.group(1);
  }

  private static String item(String name) throws Exception {
    return hexIn(rows("### Vector (the specification's own", name + " ").get(0)[1]);
  }

  @Test
  void gaenTable_isTheOfficialVector_andTheScheduleGivesIt() throws Exception {
    JsonNode v;
    try (InputStream in = getClass().getResourceAsStream("/vectors/gaen-vectors.json")) {
      v = new ObjectMapper().readTree(in);
    }
    byte[] tek = HEX.parseHex(item("TEK"));
    assertEquals(v.get("tek").asText(), HEX.formatHex(tek));
    assertEquals(v.get("rpik").asText(), item("RPIK"));
    assertEquals(v.get("aemk").asText(), item("AEMK"));
    assertEquals(item("RPIK"), HEX.formatHex(GaenKeySchedule.rpik(tek)));
    assertEquals(item("AEMK"), HEX.formatHex(GaenKeySchedule.aemk(tek)));
    byte[] metadata = HEX.parseHex(item("metadata"));
    List<String[]> rpis = rows("### Vector (the specification's own", "26");
    assertEquals(3, rpis.size(), "three RPI rows");
    for (String[] r : rpis) {
      int j = Integer.parseInt(r[0]);
      byte[] rpi = GaenKeySchedule.rpi(GaenKeySchedule.rpik(tek), j);
      assertEquals(hexIn(r[1]), HEX.formatHex(rpi), "RPI of interval " + j);
      assertEquals(hexIn(r[2]), HEX.formatHex(GaenKeySchedule.aem(GaenKeySchedule.aemk(tek), rpi, metadata)), "AEM " + j);
      JsonNode official = v.get("advertised").get(j - v.get("rolling_start_interval_number").asInt());
      assertEquals(official.get("rpi").asText(), hexIn(r[1]));
      assertEquals(official.get("aem").asText(), hexIn(r[2]));
    }
  }

  @Test
  void bluezoneTable_theScheduleGivesEveryId() throws Exception {
    List<String[]> rows = rows("### Vector (computed here)", "`");
    rows.addAll(rows("### Vector (computed here)", "the next day"));
    assertEquals(6, rows.size(), "six ID rows");
    byte[] d = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    byte[] next = BluezoneKeySchedule.dailyKey(d, 1);
    for (String[] r : rows) {
      boolean nextDay = !r[0].equals("`D`");
      if (r[0].startsWith("`SHA-256(D)`")) {
        Matcher m = Pattern.compile("= `([0-9a-f]{64})`").matcher(r[0]);
        assertTrue(m.find(), r[0]);
        assertEquals(m.group(1), HEX.formatHex(next), "the next day's key");
      }
      int slot = Integer.parseInt(r[1]);
      assertEquals(hexIn(r[2]), HEX.formatHex(BluezoneKeySchedule.bluezoneId(nextDay ? next : d, slot)),
          (nextDay ? "next day" : "D") + ", slot " + slot);
    }
  }
}
