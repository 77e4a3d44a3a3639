package org.proximity.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.proximity.gateway.radio.simulator.SimulatedPhone;

/**
 * What the demo's matching found, checked against the simulation's ground truth: which reported
 * phones were found, in how many buckets, and how many exposures placed a phone where it was not
 * (a record of another phone matched: a false match).
 */
record Verdict(int reported, int found, int buckets, int falseMatches) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Verdict of(Positives positives, List<String> exposureLines) throws IOException {
    Set<Integer> found = new HashSet<>();
    Set<String> buckets = new HashSet<>();
    int falseMatches = 0;
    for (String line : exposureLines) {
      JsonNode e = JSON.readTree(line);
      SimulatedPhone owner = positives.ownerOf(e.get("key").asText());
      Instant first = Instant.parse(e.get("first").asText());
      Instant last = Instant.parse(e.get("last").asText());
      // the phone's own records lie within its presence (whole seconds)
      if (owner == null || first.isBefore(owner.arrival().minusSeconds(1)) || !last.isBefore(owner.departure().plusSeconds(1))) {
        falseMatches++;
        continue;
      }
      found.add(owner.number());
      buckets.add(e.get("bucket").get("start").asText());
    }
    return new Verdict(positives.phones().size(), found.size(), buckets.size(), falseMatches);
  }

  boolean allFoundNoneFalse() {
    return found == reported && falseMatches == 0;
  }

  String line() {
    return found + " of " + reported + " reported phones found in " + buckets + " bucket" + (buckets == 1 ? "" : "s")
        + "; " + falseMatches + " record" + (falseMatches == 1 ? "" : "s") + " of other phones matched";
  }
}
