package org.proximity.gateway.bench;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.proximity.contract.payload.BatchCodec;
import org.proximity.contract.payload.BatchDecoder;
import org.proximity.contract.payload.EncounterMessage;
import org.proximity.contract.payload.PayloadException;
import org.proximity.gateway.publish.MqttTransport;
import org.proximity.gateway.publish.paho.PahoSubscriber;

/**
 * The bench's own backend: subscribes to the gateway's encounters topic, decodes every message
 * with the contract's decoder, and keeps what the figures need: when each seq first arrived, which
 * parts of which batch arrived, records per bucket and the largest distinct-ID count of a bucket.
 */
final class BenchSubscriber implements AutoCloseable {
  private final PahoSubscriber subscriber;
  private final ConcurrentHashMap<Long, Long> receivedAt = new ConcurrentHashMap<>();
  // guarded by this
  private final Map<Long, BitSet> partsByBatch = new HashMap<>();
  private final Map<Long, Integer> partCounts = new HashMap<>();
  private long records;
  private long messages;
  private long duplicates;
  private long undecodable;
  private long maxDistinctIds;
  private String lastRefusal;

  BenchSubscriber(String brokerUrl, String clientId, String topic, boolean persistentSession) throws MqttTransport.TransportException {
    this.subscriber = new PahoSubscriber(brokerUrl, clientId, topic, persistentSession, false, (t, payload) -> receive(payload));
  }

  /** After the bench restarted the broker: connects and subscribes again, retrying for up to 30 s. */
  void reconnect() throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        subscriber.reconnect();
        return;
      } catch (MqttTransport.TransportException e) {
        if (System.nanoTime() > deadline) {
          return; // lost counts what it then misses
        }
        Thread.sleep(200); // the broker is still starting: poll its port again shortly
      }
    }
  }

  private void receive(byte[] payload) {
    long now = System.nanoTime();
    EncounterMessage m;
    try {
      m = BatchDecoder.decode(payload);
    } catch (PayloadException e) {
      synchronized (this) {
        undecodable++;
        lastRefusal = e.getMessage();
      }
      return;
    }
    BatchCodec.Envelope env = m.envelope();
    if (receivedAt.putIfAbsent(env.seq(), now) != null) {
      synchronized (this) {
        duplicates++;
      }
      return;
    }
    Map<String, Integer> distinct = m.batch().counts().distinct();
    long ids = distinct.getOrDefault("gaen", 0) + distinct.getOrDefault("bluezone", 0);
    synchronized (this) {
      long first = env.seq() - env.partIndex();
      partsByBatch.computeIfAbsent(first, k -> new BitSet()).set(env.partIndex());
      partCounts.put(first, env.partCount());
      records += m.batch().records().size();
      messages++;
      maxDistinctIds = Math.max(maxDistinctIds, ids);
    }
  }

  /** Batches of which every part arrived. */
  synchronized long completeBatches() {
    long n = 0;
    for (Map.Entry<Long, BitSet> e : partsByBatch.entrySet()) {
      if (e.getValue().cardinality() == partCounts.get(e.getKey())) {
        n++;
      }
    }
    return n;
  }

  boolean isConnected() {
    return subscriber.isConnected();
  }

  ConcurrentHashMap<Long, Long> receivedAt() {
    return receivedAt;
  }

  synchronized long records() {
    return records;
  }

  synchronized long messages() {
    return messages;
  }

  synchronized long duplicates() {
    return duplicates;
  }

  synchronized long undecodable() {
    return undecodable;
  }

  /** Why the decoder refused the last message it refused, or null. */
  synchronized String lastRefusal() {
    return lastRefusal;
  }

  /** The most distinct rolling IDs one bucket held (GAEN and Bluezone). */
  synchronized long maxDistinctIds() {
    return maxDistinctIds;
  }

  @Override
  public void close() {
    subscriber.close();
  }
}
