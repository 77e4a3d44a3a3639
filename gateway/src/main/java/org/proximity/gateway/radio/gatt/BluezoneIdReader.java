package org.proximity.gateway.radio.gatt;

import java.time.Instant;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * Reads the Bluezone ID of iPhones, which keep it out of their advertisements, over GATT (opt-in:
 * {@code [radio.bluezone_ios] read_ids}). The pipeline tells it of each Bluezone iPhone it hears;
 * the reader decides within its bounds ({@link ReadBounds}) whether to connect, reads on its own
 * thread, and hands each ID to a {@link Sink}.
 */
public interface BluezoneIdReader extends AutoCloseable {

  /** Where IDs read go: must not block (the pipeline enqueues). */
  @FunctionalInterface
  interface Sink {
    /**
     * @param at when the read completed
     * @param bluezoneId the 12 bytes read: RAM only, never logged
     * @param rssi the RSSI of the advertisement that led to the read
     */
    void idRead(Instant at, byte[] bluezoneId, int rssi);
  }

  /** Starts the reader's thread; IDs go to {@code sink}. */
  void start(Sink sink) throws AdvertisementSource.SourceException;

  /** A Bluezone iPhone was heard at {@code rssi}; never blocks. */
  void heard(BluetoothAddress address, int rssi);

  GattReadStats stats();

  /** Stops the thread, disconnecting a phone still connected; no sink call after it returns. */
  @Override
  void close();
}
