package org.proximity.backend.match;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One matched encounter record (schema {@code proximity-backend/exposure/1}, docs/matching.md): the
 * record as stored, the diagnosis key that produced its id, and for GAEN the phone's TX power read
 * from the record's AEM with the attenuation (TX power minus median RSSI).
 *
 * @param keyHex the diagnosis key (GAEN TEK, Bluezone daily key as published), lowercase hex
 */
public record Exposure(KeyKind kind, String keyHex, StoredRecord stored, OptionalInt txPower) {
  public Exposure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(keyHex, "keyHex");
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(txPower, "txPower");
  }

  public long durationSeconds() {
    return Duration.between(stored.record().first(), stored.record().last()).getSeconds();
  }

  /** TX power minus the median RSSI, when the TX power is known. */
  public OptionalInt attenuationDb() {
    return txPower.isPresent()
        ? OptionalInt.of(txPower.getAsInt() - stored.record().rssi().median())
        : OptionalInt.empty();
  }
}
