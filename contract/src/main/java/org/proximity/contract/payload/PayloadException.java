package org.proximity.contract.payload;

/** A payload that cannot be read as the contract says; {@link #reason()} is what a consumer counts. */
public final class PayloadException extends Exception {

  /** Why a payload was refused, as counted and quarantined by consumers. */
  public enum Reason {
    /** Not UTF-8 JSON, or not a JSON object. */
    NOT_JSON("not_json"),
    /** A {@code schema} other than one this decoder knows. */
    UNKNOWN_SCHEMA("unknown_schema"),
    /** The right schema, but a field missing, of the wrong type or out of range. */
    INVALID("invalid");

    private final String wireName;

    Reason(String wireName) {
      this.wireName = wireName;
    }

    /** The name used in counters, logs and the quarantine table. */
    public String wireName() {
      return wireName;
    }
  }

  private final Reason reason;

  public PayloadException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
