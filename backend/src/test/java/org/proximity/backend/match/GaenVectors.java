package org.proximity.backend.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;

/** The official GAEN v1.2 vectors (contract/src/test/resources/vectors/README.md). */
public final class GaenVectors {
  private static final HexFormat HEX = HexFormat.of();
  public final byte[] tek;
  public final int rollingStart;
  public final byte[][] rpi = new byte[144][];
  public final byte[][] aem = new byte[144][];
  /** TX power in the vectors' metadata {@code 40080000}. */
  public static final int TX_POWER = 8;

  public GaenVectors() {
    JsonNode v;
    try (InputStream in = GaenVectors.class.getResourceAsStream("/vectors/gaen-vectors.json")) {
      if (in == null) {
        throw new IllegalStateException("vectors/gaen-vectors.json missing from the test class path");
      }
      v = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    tek = HEX.parseHex(v.get("tek").asText());
    rollingStart = v.get("rolling_start_interval_number").asInt();
    if (!v.get("ble_metadata").asText().equals("40080000")) {
      throw new IllegalStateException("unexpected metadata in the vectors");
    }
    for (JsonNode a : v.get("advertised")) {
      int i = a.get("i").asInt();
      rpi[i] = HEX.parseHex(a.get("rpi").asText());
      aem[i] = HEX.parseHex(a.get("aem").asText());
    }
  }
}
