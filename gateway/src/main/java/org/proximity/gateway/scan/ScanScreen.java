package org.proximity.gateway.scan;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.proximity.gateway.ad.DeviceKind;

/**
 * Renders a {@link ScanStats.Snapshot} as text lines for {@code scan --live}: counts, RSSI values
 * and bars only, never an ID or an address. The same lines serve a terminal (redrawn in place) and
 * a pipe or file (one frame after another).
 */
public final class ScanScreen {
  /** ANSI: cursor home, clear the screen. */
  public static final String CLEAR = "\033[H\033[2J";
  /** Width of one histogram bin's bar. */
  private static final int CELL = 8;
  private static final String[] BIN_LABELS = {"<-90", "-90", "-80", "-70", "-60", "-50", ">=-40"};

  private ScanScreen() {}

  public static List<String> render(ScanStats.Snapshot s, String source) {
    List<String> out = new ArrayList<>();
    out.add(String.format(Locale.ROOT, "scan %s  source %s  heard %d  (rates and RSSI over the last %d s; IDs and addresses over 60 s)",
        s.at().truncatedTo(ChronoUnit.SECONDS), source, s.total(), ScanStats.RECENT_SECONDS));
    StringBuilder rates = new StringBuilder("adverts/s ");
    for (DeviceKind k : DeviceKind.values()) {
      rates.append(String.format(Locale.ROOT, " %s %.1f", k.wireName(), s.advertsPerSecond().getOrDefault(k, 0.0)));
    }
    out.add(rates.toString());
    out.add(String.format(Locale.ROOT, "last minute  rolling IDs gaen %d  bluezone %d  addresses %d",
        s.distinctIds().getOrDefault(DeviceKind.GAEN, 0), s.distinctIds().getOrDefault(DeviceKind.BLUEZONE, 0),
        s.distinctAddresses()));
    out.add("strongest    gaen " + dbm(s.strongest().get(DeviceKind.GAEN))
        + "  bluezone " + dbm(s.strongest().get(DeviceKind.BLUEZONE)));
    StringBuilder header = new StringBuilder(String.format(Locale.ROOT, "%-13s", "RSSI dBm"));
    for (String label : BIN_LABELS) {
      header.append(String.format(Locale.ROOT, "%-" + (CELL + 1) + "s", label));
    }
    out.add(header.toString().stripTrailing());
    for (DeviceKind k : DeviceKind.values()) {
      long[] h = s.histograms().get(k);
      if (h == null) {
        continue;
      }
      long max = 1;
      long sum = 0;
      for (long n : h) {
        max = Math.max(max, n);
        sum += n;
      }
      StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-13s", k.wireName()));
      for (long n : h) {
        // bars scaled to the kind's fullest bin; a non-empty bin shows at least one mark
        int width = (int) ((n * CELL + max - 1) / max);
        row.append(String.format(Locale.ROOT, "%-" + (CELL + 1) + "s", "#".repeat(width)));
      }
      out.add(row.append(sum).toString());
    }
    return out;
  }

  private static String dbm(List<Integer> values) {
    if (values == null || values.isEmpty()) {
      return "-";
    }
    StringBuilder b = new StringBuilder();
    for (int v : values) {
      b.append(b.length() == 0 ? "" : " ").append(v).append(" dBm");
    }
    return b.toString();
  }
}
