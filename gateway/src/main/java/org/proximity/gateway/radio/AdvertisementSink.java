package org.proximity.gateway.radio;

/** Where a radio source delivers what it hears. Implementations must not block the caller. */
@FunctionalInterface
public interface AdvertisementSink {
  void accept(Advertisement advertisement);
}
