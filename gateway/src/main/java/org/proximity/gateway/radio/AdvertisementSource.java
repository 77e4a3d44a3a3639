package org.proximity.gateway.radio;

import java.util.Optional;

/**
 * A radio, or something that stands in for one (simulator, capture replay).
 *
 * <p>{@link #start} begins delivery on the source's own thread(s); {@link #close} stops delivery
 * and returns once no further call to the sink will be made.
 */
public interface AdvertisementSource extends AutoCloseable {

  /** A short name for logs and the health topic, e.g. {@code "simulator"}. */
  String name();

  void start(AdvertisementSink sink) throws SourceException;

  /** Recovery and cache counters, for sources that have them (bluez, tinyb). */
  default Optional<RadioHealth> radioHealth() {
    return Optional.empty();
  }

  /** True once a finite source (a replay, a time-limited simulation) has delivered everything. */
  default boolean isExhausted() {
    return false;
  }

  @Override
  void close();

  /**
   * A source that cannot start or has failed; the message says why in a technician's words.
   * {@link #needsConfigChange} marks failures that no restart can cure (a missing capture file, a
   * TinyB native library for another CPU): {@code run} exits 78 for those, 75 for the others.
   */
  final class SourceException extends Exception {
    private final boolean needsConfigChange;

    public SourceException(String message, Throwable cause) {
      this(message, cause, false);
    }

    public SourceException(String message) {
      this(message, null, false);
    }

    private SourceException(String message, Throwable cause, boolean needsConfigChange) {
      super(message, cause);
      this.needsConfigChange = needsConfigChange;
    }

    /** A failure that only a change of the configuration (or the installation) can cure. */
    public static SourceException needsConfigChange(String message) {
      return new SourceException(message, null, true);
    }

    /** As {@link #needsConfigChange(String)}, with its cause. */
    public static SourceException needsConfigChange(String message, Throwable cause) {
      return new SourceException(message, cause, true);
    }

    public boolean needsConfigChange() {
      return needsConfigChange;
    }
  }
}
