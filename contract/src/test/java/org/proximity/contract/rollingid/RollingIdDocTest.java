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
 * The vector tables a backend developer checks an implementation against (docs/gaen.md and
 * docs/bluezone.md, "Test vectors"): every value is recomputed with the contract's key schedules,
 * and the GAEN ones are compared with the official vector file, so the pages cannot drift.
 */
class RollingIdDocTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final Path DOCS = Path.of(System.getProperty("docs.dir", "../docs"));
  private static final Pattern HEX_CELL = Pattern.compile("`([0-9a-f]+)`");

  /** The table rows (cells trimmed) of the section whose heading starts with {@code heading}. */
  private static List<String[]> rows(String doc, String heading) throws Exception {
    String text = Files.readString(DOCS.resolve(doc));
    int from = text.indexOf("\n## " + heading);
    assertTrue(from >= 0, doc + " has a section " + heading);
    int to = text.indexOf("\n## ", from + 1);
    List<String[]> rows = new ArrayList<>();
    for (String line : text.substring(from, to < 0 ? text.length() : to).split("\n")) {
      if (line.startsWith("| ") && !line.startsWith("|---")) {
        String[] cells = line.substring(1, line.length() - 1).split("\\|");
        for (int i = 0; i < cells.length; i++) {
          cells[i] = cells[i].trim();
        }
        rows.add(cells);
      }
    }
    return rows;
  }

  private static List<String> hexes(String cell) {
    List<String> out = new ArrayList<>();
    Matcher m = HEX_CELL.matcher(cell);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String value(List<String[]> rows, String item) {
    return rows.stream().filter(r -> r[0].equals(item)).map(r -> hexes(r[1]).get(0)).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + item));
  }

  @Test
  void gaenTable_isTheOfficialVector_andTheScheduleGivesIt() throws Exception {
    JsonNode v;
    try (InputStream in = getClass().getResourceAsStream("/vectors/gaen-vectors.json")) {
      v = new ObjectMapper().readTree(in);
    }
    List<String[]> rows = rows("gaen.md", "Test vectors");
    byte[] tek = HEX.parseHex(value(rows, "TEK"));
    assertEquals(v.get("tek").asText(), HEX.formatHex(tek));
    assertEquals(value(rows, "RPIK"), HEX.formatHex(GaenKeySchedule.rpik(tek)));
    assertEquals(value(rows, "AEMK"), HEX.formatHex(GaenKeySchedule.aemk(tek)));
    int start = Integer.parseInt(value(rows, "ENIN of RPI 0"));
    assertEquals(v.get("rolling_start_interval_number").asInt(), start);
    assertEquals(value(rows, "PaddedData for ENIN " + start), HEX.formatHex(GaenKeySchedule.paddedData(start)));
    byte[] metadata = HEX.parseHex(value(rows, "Metadata"));
    int checked = 0;
    for (String[] r : rows) {
      Matcher m = Pattern.compile("^RPI (\\d+)").matcher(r[0]);
      if (m.find()) {
        int j = Integer.parseInt(m.group(1));
        byte[] rpi = GaenKeySchedule.rpi(GaenKeySchedule.rpik(tek), start + j);
        List<String> cells = hexes(r[1]);
        assertEquals(cells.get(0), HEX.formatHex(rpi), "RPI " + j);
        assertEquals(cells.get(1), HEX.formatHex(GaenKeySchedule.aem(GaenKeySchedule.aemk(tek), rpi, metadata)), "AEM " + j);
        assertEquals(v.get("advertised").get(j).get("rpi").asText(), cells.get(0), "official RPI " + j);
        checked++;
      }
    }
    assertEquals(2, checked, "RPI rows in gaen.md");
  }

  @Test
  void bluezoneTable_theScheduleGivesEveryId() throws Exception {
    List<String[]> rows = rows("bluezone.md", "Test vectors");
    byte[] d = HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    byte[] next = BluezoneKeySchedule.dailyKey(d, 1);
    int checked = 0;
    for (String[] r : rows) {
      if (r.length != 3 || !r[1].matches("\\d+")) {
        continue; // the header
      }
      boolean nextDay = !r[0].equals("`D`");
      if (r[0].startsWith("`SHA-256(D)`")) {
        assertEquals(HEX.formatHex(next), hexes(r[0]).get(0), "the next day's key");
      }
      int slot = Integer.parseInt(r[1]);
      assertEquals(hexes(r[2]).get(0), HEX.formatHex(BluezoneKeySchedule.bluezoneId(nextDay ? next : d, slot)),
          (nextDay ? "next day" : "D") + ", slot " + slot);
      checked++;
    }
    assertEquals(6, checked, "ID rows in bluezone.md");
  }
}
