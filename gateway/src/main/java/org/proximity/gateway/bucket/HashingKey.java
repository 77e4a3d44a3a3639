package org.proximity.gateway.bucket;

/**
 * The day key as the aggregator needs it: a key id to publish and the keyed hash of a raw ID.
 * The scheme itself lives in {@code rollingid}; this port keeps the bucket logic free of it.
 */
public interface HashingKey {

  /** 8 lowercase hex characters naming the key, safe to publish. */
  String keyId();

  /** The 16-byte record id of a raw rolling ID; {@code kind} is {@code gaen} or {@code bluezone}. */
  byte[] recordId(String kind, byte[] rawId);

  /** The 4-byte GAEN AEM sealed under the day key with its 16-byte RPI (docs/privacy.md). */
  byte[] sealAem(byte[] rpi, byte[] aem);

  /** Gives the key for a UTC day (days since 1970-01-01). */
  @FunctionalInterface
  interface ForDay {
    HashingKey forDay(long epochDay);
  }
}
