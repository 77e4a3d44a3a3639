package org.proximity.backend.match;

/** What a {@link Matcher} has counted so far; mutable, confined to the matcher's thread. */
final class MatchStats {
  long keys;
  long candidates;
  long records;
  long matched;
  long noRootKey;
  long outsideWindow;
  long aemUnreadable;

  MatchSummary summary() {
    return new MatchSummary(keys, candidates, records, matched, noRootKey, outsideWindow, aemUnreadable);
  }
}
