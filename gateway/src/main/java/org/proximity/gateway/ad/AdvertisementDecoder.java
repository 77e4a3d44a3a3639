package org.proximity.gateway.ad;

import java.util.List;

/**
 * Classifies advertising data and extracts the rolling ID of GAEN and Bluezone Android adverts.
 * Stateless: one instance may serve any number of threads. The rules (docs/decode.md) live in
 * {@link Classifier}; {@link AdvertisementScanner} is the allocation-free path to the same verdicts.
 *
 * <p>Precedence when several rules match: GAEN, BLUEZONE, BLUEZONE_IOS, BLUETRACE, APPLE, OTHER.
 * Rules are applied to the structures parsed before any fault, and by AD type, never by position
 * (docs/ble-advertising.md).
 */
public final class AdvertisementDecoder {

  /** Parses legacy advertising data (at most 31 bytes, see {@link AdParser#parse}) and decodes it. */
  public DecodedAdvertisement decode(byte[] advertisingData) {
    return new AdvertisementScanner().scan(advertisingData, new ScanResult()).toDecoded();
  }

  /** Decodes structures already parsed, legacy or extended; the fault is carried over. */
  public DecodedAdvertisement decode(AdParseResult parsed) {
    Classifier c = new Classifier();
    List<AdStructure> structures = parsed.structures();
    for (int s = 0; s < structures.size(); s++) {
      AdStructure ad = structures.get(s);
      c.structure(ad.offset(), ad.type(), ad.dataUnsafe(), 0, ad.dataLength());
    }
    ScanResult r = new ScanResult();
    AdFault fault = parsed.fault();
    r.setFault(fault == null ? AdParser.NO_FAULT : AdParser.encodeFault(fault.offset(), fault.reason()));
    c.finish(r);
    return r.toDecoded();
  }
}
