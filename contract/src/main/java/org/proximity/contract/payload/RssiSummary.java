package org.proximity.contract.payload;

/** RSSI in dBm over a record's sightings. */
public record RssiSummary(int min, int median, int max) {
  public RssiSummary {
    if (min > median || median > max) {
      throw new IllegalArgumentException("need min <= median <= max, was " + min + "/" + median + "/" + max);
    }
  }
}
