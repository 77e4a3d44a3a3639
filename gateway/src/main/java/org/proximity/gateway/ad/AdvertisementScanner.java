package org.proximity.gateway.ad;

/**
 * The allocation-free path of {@link AdvertisementDecoder}: walks the AD structures in place and
 * classifies them into a reusable {@link ScanResult}, with exactly the verdicts of {@code decode}
 * (the fuzz test checks this). Not thread-safe: one scanner per thread (the pipeline thread).
 */
public final class AdvertisementScanner {
  private final Classifier classifier = new Classifier();

  /** Legacy advertising data (at most 31 bytes, else a {@code too_long} fault at 31). */
  public ScanResult scan(byte[] advertisingData, ScanResult out) {
    return scan(advertisingData, AdParser.LEGACY_MAX_LENGTH, out);
  }

  /** Extended advertising data (at most 1650 bytes). */
  public ScanResult scanExtended(byte[] advertisingData, ScanResult out) {
    return scan(advertisingData, AdParser.EXTENDED_MAX_LENGTH, out);
  }

  private ScanResult scan(byte[] data, int maxLength, ScanResult out) {
    classifier.reset();
    out.setFault(AdParser.walk(data, maxLength, classifier));
    classifier.finish(out);
    return out;
  }
}
