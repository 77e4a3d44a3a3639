package org.proximity.backend.store;

import java.util.ArrayList;
import java.util.List;

/**
 * One gateway's sequence history (site, gateway, epoch) as stored: how many messages, the highest
 * seq, the missing ranges {@code [from, to]} between 1 and that seq, and the duplicate copies
 * received. Seqs start at 1 in every epoch, so a range from 1 means the first messages are missing.
 */
public record StreamGaps(String site, String gateway, String epoch, long stored, long lastSeq,
    List<long[]> missing, long duplicates) {

  public long missingCount() {
    long n = 0;
    for (long[] r : missing) {
      n += r[1] - r[0] + 1;
    }
    return n;
  }

  /**
   * Folds rows sorted by site, gateway, epoch and seq into one {@link StreamGaps} per stream; each
   * stream is handed out as soon as the next begins, so a large store streams through. Pure.
   */
  public static final class Builder {
    private String site;
    private String gateway;
    private String epoch;
    private long stored;
    private long lastSeq;
    private long duplicates;
    private List<long[]> missing = new ArrayList<>();

    /** Adds one stored message; returns the previous stream when this row starts a new one, else null. */
    public StreamGaps add(String site, String gateway, String epoch, long seq, long duplicateCopies) {
      StreamGaps done = null;
      if (!(site.equals(this.site) && gateway.equals(this.gateway) && epoch.equals(this.epoch))) {
        done = finish();
        this.site = site;
        this.gateway = gateway;
        this.epoch = epoch;
      }
      if (seq > lastSeq + 1) {
        missing.add(new long[] {lastSeq + 1, seq - 1});
      }
      lastSeq = Math.max(lastSeq, seq);
      stored++;
      duplicates += duplicateCopies;
      return done;
    }

    /** The stream being built, or null when no row came; starts afresh. */
    public StreamGaps finish() {
      if (site == null) {
        return null;
      }
      StreamGaps g = new StreamGaps(site, gateway, epoch, stored, lastSeq, List.copyOf(missing), duplicates);
      site = null;
      stored = 0;
      lastSeq = 0;
      duplicates = 0;
      missing = new ArrayList<>();
      return g;
    }
  }
}
