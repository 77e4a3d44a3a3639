package org.proximity.backend.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Instant;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.proximity.backend.match.Exposure;
import org.proximity.backend.match.ExposureJson;
import org.proximity.backend.match.MatchSummary;
import org.proximity.backend.match.Matcher;
import org.proximity.backend.match.SiteKeys;
import org.proximity.backend.match.StoredRecord;
import org.proximity.backend.records.RecordSource;
import org.proximity.backend.records.RecordVisitor;

/** One match run: records in from a source, exposure lines out, counts for the summary. */
final class MatchRun implements RecordVisitor {
  private final Matcher matcher;
  private final SiteKeys siteKeys;
  private final Writer out;
  private final Set<String> buckets = new HashSet<>();
  private final Set<String> foreignKeySites = new TreeSet<>();
  private long foreignKeyRecords;
  private long recordsOfDays;
  private long noRootKeyRecords;

  /** Writing stdout failed in the middle of a scan. */
  static final class OutputFailure extends RuntimeException {
    OutputFailure(IOException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  MatchRun(Matcher matcher, SiteKeys siteKeys, Writer out) {
    this.matcher = matcher;
    this.siteKeys = siteKeys;
    this.out = out;
  }

  @Override
  public void batchKey(String site, long epochDay, String keyId, long records) {
    boolean ofTheseDays = epochDay >= matcher.firstDay() && epochDay <= matcher.lastDay();
    recordsOfDays += ofTheseDays ? records : 0;
    if (siteKeys.ringOf(site) == SiteKeys.NO_RING) {
      noRootKeyRecords += ofTheseDays ? records : 0;
    } else if (!siteKeys.derivesKeyId(site, epochDay, keyId)) {
      foreignKeyRecords += records;
      foreignKeySites.add(site);
    }
  }

  @Override
  public boolean wants(String site, long epochDay, String recordId) {
    return matcher.mayMatch(site, epochDay, recordId);
  }

  @Override
  public Iterator<String> candidateIds() {
    return matcher.candidateIds();
  }

  @Override
  public void record(StoredRecord record) {
    for (Exposure e : matcher.match(record)) {
      buckets.add(record.site() + "/" + record.gateway() + "/" + record.bucket().start());
      try {
        out.write(ExposureJson.line(e));
        out.write('\n');
      } catch (IOException x) {
        throw new OutputFailure(x);
      }
    }
  }

  void printSummary(PrintWriter err, RecordSource source) {
    MatchSummary s = matcher.stats();
    err.println("match: " + s.keys() + " " + matcher.kind().wireName() + " keys, " + s.candidates()
        + " candidate record ids" + (s.keys() == 0 ? "" : " for bucket days "
        + Instant.ofEpochSecond(matcher.firstDay() * 86_400).toString().substring(0, 10) + " to "
        + Instant.ofEpochSecond(matcher.lastDay() * 86_400).toString().substring(0, 10)));
    err.println("match: read " + source.messages() + " messages, " + recordsOfDays + " records of those days; "
        + s.matched() + " exposures in " + buckets.size() + " buckets");
    err.println("match: skipped as unreadable: " + MatchCommand.join(source.skippedByReason())
        + "; records of sites without a root key: " + noRootKeyRecords
        + "; id matched outside the key's time window: " + s.outsideWindow()
        + (s.aemUnreadable() > 0 ? "; GAEN exposures without TX power (AEM unreadable): " + s.aemUnreadable() : ""));
    if (foreignKeyRecords > 0) {
      err.println("match: warning: " + foreignKeyRecords + " records of " + foreignKeySites
          + " were hashed under day keys these root keys do not derive (a different site root key?): they cannot match");
    }
    err.flush();
  }
}
