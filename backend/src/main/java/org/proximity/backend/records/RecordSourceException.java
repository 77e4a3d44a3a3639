package org.proximity.backend.records;

/** A source that cannot be read at all (missing, not a store, I/O or database failure). */
public final class RecordSourceException extends Exception {
  /** Why, for the exit status: the source is missing or not what it should be, or reading failed. */
  public enum Kind { MISSING, NOT_A_SOURCE, READ_FAILED }

  private final Kind kind;

  public RecordSourceException(Kind kind, String message) {
    super(message, null, false, false);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
