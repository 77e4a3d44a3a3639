package org.proximity.backend.export;

/** A diagnosis-key export that must not be used: one line saying what is wrong, never key material. */
public final class ExportException extends Exception {
  public ExportException(String message) {
    super(message, null, false, false);
  }
}
