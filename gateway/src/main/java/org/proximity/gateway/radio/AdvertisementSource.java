package org.proximity.gateway.radio;

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
  default java.util.Optional<RadioHealth> radioHealth() {
    return java.util.Optional.empty();
  }

  /** True once a finite source (a replay, a time-limited simulation) has delivered everything. */
  default boolean isExhausted() {
    return false;
  }

  @Override
  void close();

  /** A source that cannot start or has failed; the message says why in a technician's words. */
  final class SourceException extends Exception {
    public SourceException(String message, Throwable cause) {
      super(message, cause);
    }

    public SourceException(String message) {
      super(message);
    }
  }
}
