package org.proximity.backend.match;

/**
 * A matcher's counts.
 *
 * @param candidates record ids the keys can produce (per ring and day)
 * @param records records looked at
 * @param noRootKey records of sites without a root key, not matched
 * @param outsideWindow records whose id matched but whose time lay outside the key's window
 * @param aemUnreadable GAEN matches whose AEM gave no TX power
 */
public record MatchSummary(long keys, long candidates, long records, long matched, long noRootKey,
    long outsideWindow, long aemUnreadable) {}
