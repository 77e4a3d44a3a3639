package org.proximity.gateway.ad;

import java.util.Objects;

/**
 * Why advertising data is malformed, and where.
 *
 * @param offset offset of the offending length byte, or of the first byte past the size limit
 * @param reason one of a small fixed set of reasons
 */
public record AdFault(int offset, Reason reason) {

  public AdFault {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    Objects.requireNonNull(reason, "reason");
  }

  /** The reasons, each with the wire name used by the {@code decode} command (docs/decode.md). */
  public enum Reason {
    /** A length byte claims more bytes than the data holds (docs/ble-advertising.md#parsing-rules; BlueZ print_eir). */
    LENGTH_PAST_END("length_past_end"),
    /** A non-zero length byte is the last byte: its type byte is missing. */
    MISSING_TYPE("missing_type"),
    /** More data than the limit: 31 bytes legacy (Core Spec Vol 6, Part B, 2.3.1), 1650 extended. */
    TOO_LONG("too_long");

    private final String wireName;

    Reason(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }
}
