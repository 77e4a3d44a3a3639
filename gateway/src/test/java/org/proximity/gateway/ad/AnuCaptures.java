package org.proximity.gateway.ad;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/** The real GAEN payloads of {@code ad/anu2020-gaen.hex} (see the README beside it). */
final class AnuCaptures {

  private AnuCaptures() {}

  static List<byte[]> gaenPayloads() {
    try (InputStream in = AnuCaptures.class.getResourceAsStream("/ad/anu2020-gaen.hex");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      return r.lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> HexFormat.of().parseHex(l.strip()))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
