package org.proximity.gateway.ad;

import java.util.Arrays;
import java.util.Objects;

/**
 * An advertisement classified by {@link AdvertisementDecoder}.
 *
 * @param kind what sent it
 * @param rollingId the 16-byte RPI (GAEN) or 12-byte BluezoneId (BLUEZONE); otherwise null
 * @param metadata the raw 4-byte AEM (GAEN); otherwise null. Kept encrypted (docs/gaen.md#metadata)
 * @param fault why the advertising data is malformed, or null; the kind is still decided from the
 *     structures before the fault
 * @param reject why a would-be GAEN or Bluezone advert was not accepted, or null
 */
public record DecodedAdvertisement(
    DeviceKind kind, byte[] rollingId, byte[] metadata, AdFault fault, RejectReason reject) {

  static final int RPI_LENGTH = 16;
  static final int AEM_LENGTH = 4;
  static final int BLUEZONE_ID_LENGTH = 12;

  public DecodedAdvertisement {
    Objects.requireNonNull(kind, "kind");
    int idLength = kind == DeviceKind.GAEN ? RPI_LENGTH
        : kind == DeviceKind.BLUEZONE ? BLUEZONE_ID_LENGTH : -1;
    if (idLength < 0 ? rollingId != null : rollingId == null || rollingId.length != idLength) {
      throw new IllegalArgumentException(
          "rollingId for " + kind.wireName() + " must be " + (idLength < 0 ? "null" : idLength + " bytes"));
    }
    boolean gaen = kind == DeviceKind.GAEN;
    if (gaen ? metadata == null || metadata.length != AEM_LENGTH : metadata != null) {
      throw new IllegalArgumentException(
          "metadata for " + kind.wireName() + " must be " + (gaen ? "4 bytes" : "null"));
    }
    rollingId = rollingId == null ? null : rollingId.clone();
    metadata = metadata == null ? null : metadata.clone();
  }

  @Override
  public byte[] rollingId() {
    return rollingId == null ? null : rollingId.clone();
  }

  @Override
  public byte[] metadata() {
    return metadata == null ? null : metadata.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecodedAdvertisement d
        && kind == d.kind
        && Arrays.equals(rollingId, d.rollingId)
        && Arrays.equals(metadata, d.metadata)
        && Objects.equals(fault, d.fault)
        && reject == d.reject;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, Arrays.hashCode(rollingId), Arrays.hashCode(metadata), fault, reject);
  }

  /** Never prints the rolling ID or the AEM (docs/privacy.md): only whether they are present. */
  @Override
  public String toString() {
    return "DecodedAdvertisement[kind=" + kind.wireName()
        + ", rollingId=" + (rollingId == null ? "null" : "<redacted>")
        + ", metadata=" + (metadata == null ? "null" : "<redacted>")
        + ", fault=" + fault + ", reject=" + (reject == null ? "null" : reject.wireName()) + "]";
  }
}
