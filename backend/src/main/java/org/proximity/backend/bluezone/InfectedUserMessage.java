package org.proximity.backend.bluezone;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Bluezone's broadcast of infected users' keys, {@code {"data":[{"daily_key", "time_start",
 * "time_end", "max"}, …]}} (docs/matching.md). Other fields are ignored; {@code max} defaults to 96.
 * Any input gives keys or one {@link BluezoneMessageException}.
 */
public final class InfectedUserMessage {
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(32).build())
      .build());
  private static final Pattern KEY = Pattern.compile("[0-9a-fA-F]{64}");

  private InfectedUserMessage() {}

  public static List<BluezoneKey> parse(byte[] json) throws BluezoneMessageException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new BluezoneMessageException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BluezoneMessageException("not JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.path("data").isArray()) {
      throw new BluezoneMessageException("must be a JSON object with an array \"data\"");
    }
    List<BluezoneKey> keys = new ArrayList<>();
    int i = 0;
    for (JsonNode d : root.get("data")) {
      String where = "data[" + i++ + "]";
      if (!d.isObject()) {
        throw new BluezoneMessageException(where + " must be an object");
      }
      JsonNode k = d.get("daily_key");
      if (k == null || !k.isTextual() || !KEY.matcher(k.asText()).matches()) {
        throw new BluezoneMessageException(where + ".daily_key must be 64 hex characters");
      }
      long start = whole(d, "time_start", where);
      long end = whole(d, "time_end", where);
      long max = d.has("max") ? whole(d, "max", where) : 96;
      try {
        keys.add(new BluezoneKey(HexFormat.of().parseHex(k.asText().toLowerCase()), start, end,
            (int) Math.min(max, Integer.MAX_VALUE)));
      } catch (IllegalArgumentException e) {
        throw new BluezoneMessageException(where + ": " + e.getMessage());
      }
    }
    return keys;
  }

  private static long whole(JsonNode d, String field, String where) throws BluezoneMessageException {
    JsonNode v = d.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new BluezoneMessageException(where + "." + field + " must be a whole number, was " + v);
    }
    return v.asLong();
  }
}
