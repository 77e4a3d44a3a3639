package org.proximity.contract.payload;

/**
 * Hands out the per-gateway {@code seq} numbers. They strictly increase within an epoch; the epoch
 * changes only when the counter's history was lost, so (epoch, seq) never repeats.
 */
public interface SequenceCounter {

  /** Identifies this counter's history; published with each batch. */
  String epoch();

  long next();
}
