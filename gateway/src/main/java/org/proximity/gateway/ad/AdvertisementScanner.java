package org.proximity.gateway.ad;

import java.util.Objects;

/**
 * The allocation-free path of {@link AdvertisementDecoder}: walks the AD structures in place and
 * classifies them into a reusable {@link ScanResult}, with exactly the verdicts of {@code decode}
 * (the fuzz test checks this). Not thread-safe: one scanner per thread (the pipeline thread).
 */
public final class AdvertisementScanner {
  private final Classifier classifier = new Classifier();

  /** Legacy advertising data (at most 31 bytes, else a {@code too_long} fault at 31). */
  public ScanResult scan(byte[] advertisingData, ScanResult out) {
    return scan(advertisingData, 0, advertisingData.length, false, out);
  }

  /** Extended advertising data (at most 1650 bytes). */
  public ScanResult scanExtended(byte[] advertisingData, ScanResult out) {
    return scan(advertisingData, 0, advertisingData.length, true, out);
  }

  /**
   * The advertising data {@code data[off .. off + len)}, legacy or {@code extended}: as {@link
   * #scan} or {@link #scanExtended} on a copy of it, but the result's offsets point into {@code data}.
   */
  public ScanResult scan(byte[] data, int off, int len, boolean extended, ScanResult out) {
    Objects.checkFromIndexSize(off, len, data.length);
    return scan(data, off, len, extended ? AdParser.EXTENDED_MAX_LENGTH : AdParser.LEGACY_MAX_LENGTH, out);
  }

  private ScanResult scan(byte[] data, int off, int len, int maxLength, ScanResult out) {
    classifier.reset();
    out.setFault(AdParser.walk(data, off, off + len, maxLength, classifier));
    classifier.finish(out);
    return out;
  }
}
