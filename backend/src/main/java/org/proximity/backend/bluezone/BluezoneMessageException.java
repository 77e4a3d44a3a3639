package org.proximity.backend.bluezone;

/** An infected-user message that cannot be used; the message never holds a key. */
public final class BluezoneMessageException extends Exception {
  public BluezoneMessageException(String message) {
    super(message, null, false, false);
  }
}
