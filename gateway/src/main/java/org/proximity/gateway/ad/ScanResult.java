package org.proximity.gateway.ad;

import java.util.Arrays;

/**
 * The reusable, mutable result of {@link AdvertisementScanner#scan}: kind, where the rolling ID and
 * AEM lie in the scanned array, the fault and the reject reason. Valid until the next scan or until
 * the scanned array changes. Owned by one thread (the pipeline thread); never printed with IDs.
 */
public final class ScanResult {
  RejectReason reject;
  private DeviceKind kind = DeviceKind.OTHER;
  private byte[] source;
  private int idOffset = -1;
  private int idLength;
  private int metadataOffset = -1;
  private int fault = AdParser.NO_FAULT;

  void setId(DeviceKind kind, byte[] source, int idOffset, int idLength, int metadataOffset) {
    this.kind = kind;
    this.source = source;
    this.idOffset = idOffset;
    this.idLength = idLength;
    this.metadataOffset = metadataOffset;
  }

  void setFault(int encodedFault) {
    this.fault = encodedFault;
  }

  public DeviceKind kind() {
    return kind;
  }

  /** Whether a rolling ID was found (GAEN or Bluezone). */
  public boolean hasId() {
    return idOffset >= 0;
  }

  /** The scanned array, which {@link #idOffset} and {@link #metadataOffset} point into (not a copy). */
  public byte[] source() {
    return source;
  }

  /** Where the rolling ID starts in the scanned array, or -1. */
  public int idOffset() {
    return idOffset;
  }

  public int idLength() {
    return idLength;
  }

  /** Where the GAEN AEM starts in the scanned array, or -1. */
  public int metadataOffset() {
    return metadataOffset;
  }

  /** A copy of the rolling ID, or null. */
  public byte[] copyId() {
    return idOffset < 0 ? null : Arrays.copyOfRange(source, idOffset, idOffset + idLength);
  }

  /** A copy of the GAEN AEM, or null. */
  public byte[] copyMetadata() {
    return metadataOffset < 0 ? null
        : Arrays.copyOfRange(source, metadataOffset, metadataOffset + Classifier.AEM_LENGTH);
  }

  public boolean hasFault() {
    return fault != AdParser.NO_FAULT;
  }

  /** The fault's reason, or null. */
  public AdFault.Reason faultReason() {
    return hasFault() ? AdParser.faultReason(fault) : null;
  }

  /** The fault's offset, or -1. */
  public int faultOffset() {
    return hasFault() ? AdParser.faultOffset(fault) : -1;
  }

  public RejectReason reject() {
    return reject;
  }

  /** The same verdict as an immutable {@link DecodedAdvertisement} (allocates). */
  public DecodedAdvertisement toDecoded() {
    return new DecodedAdvertisement(kind, copyId(), copyMetadata(),
        hasFault() ? new AdFault(faultOffset(), faultReason()) : null, reject);
  }

  @Override
  public String toString() {
    return "ScanResult[kind=" + kind.wireName() + ", id=" + (hasId() ? "<redacted>" : "null")
        + ", fault=" + (hasFault() ? faultReason().wireName() + "@" + faultOffset() : "null") + "]";
  }
}
