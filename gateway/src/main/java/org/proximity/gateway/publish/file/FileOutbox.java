package org.proximity.gateway.publish.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.files.AtomicFile;
import org.proximity.gateway.files.OwnerOnly;
import org.proximity.gateway.publish.OutboundMessage;
import org.proximity.gateway.publish.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable {@link Outbox} in a directory: append-only segment files of checksummed entries
 * ({@link SegmentEntry}), an {@code acked} watermark (every seq up to it is acknowledged or
 * dropped) and an {@code epoch} file naming this history.
 *
 * <p>On open, each segment is scanned; the first entry that is short or fails its checksum ends
 * that segment, which is truncated there (a torn write at power loss is cut off, never served).
 * Entries at or below the watermark are skipped; the rest are pending again, oldest first.
 *
 * <p>The watermark is written lazily (at most once per {@code ackFlushInterval}, always before a
 * segment is deleted, and on close): after a crash a few acknowledged messages may be sent again,
 * which the contract allows (at least once). Only an index of pending entries is kept in memory;
 * payloads are read back from disk when sent.
 */
public final class FileOutbox implements Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class);
  private static final String SEGMENT_PREFIX = "seg-";
  private static final String SEGMENT_SUFFIX = ".log";
  /** A segment's name: the prefix, its first seq as 20 digits, the suffix (see {@link #roll}). */
  private static final Pattern SEGMENT_NAME = Pattern.compile("seg-[0-9]{20}\\.log");

  private final Path dir;
  private final Options options;
  private final InstantSource clock;
  private String epoch;
  private final TreeMap<Long, Segment> segments = new TreeMap<>();
  private final TreeMap<Long, Location> pending = new TreeMap<>();
  private FileChannel writer;
  private Segment writing;
  private long lastSeq;
  private long watermark;
  private long persistedWatermark;
  private Instant lastWatermarkWrite = Instant.MIN;
  private long payloadBytes;
  private long dropped;
  private long tornOnOpen;
  private final MonotonicClock monotonic;
  private long lastWarningNanos;
  private long suppressedWarnings;

  /** Bounds and durability. {@code syncEachAppend}: fsync after every append (the default). */
  public record Options(
      long maxBytes, Duration maxAge, boolean syncEachAppend, long segmentBytes, Duration ackFlushInterval) {
    public Options {
      if (maxBytes < 1 || segmentBytes < 1 || maxAge.isNegative() || maxAge.isZero()) {
        throw new IllegalArgumentException("outbox bounds must be positive");
      }
    }

    public static Options defaults() {
      return new Options(256L << 20, Duration.ofDays(14), true, 4L << 20, Duration.ofSeconds(1));
    }
  }

  private record Location(Segment segment, long bodyOffset, int bodyLength, int payloadLength, Instant storedAt) {}

  private static final class Segment {
    final Path path;
    final long firstSeq;
    long lastSeq;
    long size;
    Instant newest = Instant.MIN;
    /** Monotonic time of the newest entry appended by this process; unknown for recovered segments. */
    long newestNanos;
    boolean appendedHere;

    Segment(Path path, long firstSeq) {
      this.path = path;
      this.firstSeq = firstSeq;
      this.lastSeq = firstSeq - 1;
    }
  }

  private FileOutbox(Path dir, Options options, InstantSource clock, MonotonicClock monotonic) {
    this.monotonic = monotonic;
    this.dir = dir;
    this.options = options;
    this.clock = clock;
    this.lastWarningNanos = monotonic.nanos() - 120_000_000_000L;
  }

  /**
   * Opens (or creates) the outbox in {@code dir} and recovers what it holds. {@code clock} stamps
   * entries; {@code monotonic} ages what this run appended, so a wall-clock step drops nothing.
   */
  public static FileOutbox open(Path dir, Options options, InstantSource clock, MonotonicClock monotonic)
      throws IOException {
    OwnerOnly.createDirectories(dir);
    FileOutbox o = new FileOutbox(dir, options, clock, monotonic);
    o.recover();
    return o;
  }

  /** The stored epoch, or null when there is none or it is damaged. */
  private static String readEpoch(Path dir) throws IOException {
    Path f = dir.resolve("epoch");
    if (Files.exists(f)) {
      // the epoch is 8 hex characters and a newline: a larger file is damaged, and never read whole
      String e = Files.size(f) > 64 ? "" : Files.readString(f, StandardCharsets.US_ASCII).trim();
      if (Outbox.isEpoch(e)) {
        return e;
      }
      LOG.warn("outbox epoch file is damaged; starting a new epoch");
    }
    return null;
  }

  private static String newEpoch(Path dir) throws IOException {
    String e = Outbox.newEpoch();
    writeAtomically(dir, "epoch", (e + "\n").getBytes(StandardCharsets.US_ASCII));
    LOG.info("outbox started a new epoch {}", e);
    return e;
  }

  private void recover() throws IOException {
    String stored = readEpoch(dir);
    Long read = readWatermark();
    watermark = read == null ? 0 : read;
    persistedWatermark = watermark;
    lastSeq = watermark;
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.getFileName().toString().startsWith(SEGMENT_PREFIX)).sorted().toList();
    }
    for (Path f : files) {
      String name = f.getFileName().toString();
      long first = segmentFirstSeq(f);
      if (first < 0) {
        // not one the gateway wrote (a copy, a stray file): left alone, not read and not deleted
        LOG.warn("outbox.dir {}: ignoring {}, which is not an outbox segment (seg-, 20 digits, .log)", dir, name);
        continue;
      }
      Segment seg = new Segment(f, first);
      scan(seg);
      if (seg.lastSeq < seg.firstSeq || seg.lastSeq <= watermark) {
        Files.deleteIfExists(f);
      } else {
        segments.put(first, seg);
      }
    }
    // Without a trustworthy watermark and with no segment left, the highest seq ever used is
    // unknown: a new epoch keeps (epoch, seq) from repeating what a backend has already seen.
    boolean seqUnknown = read == null && stored != null && segments.isEmpty();
    epoch = stored == null || seqUnknown ? newEpoch(dir) : stored;
  }

  /**
   * Reads every intact entry of a segment. Damage in the middle (a flipped bit) skips to the next
   * intact entry, and the seqs lost in between are counted as dropped; damage that runs to the end
   * (a torn write at power loss) is cut off.
   */
  private void scan(Segment seg) throws IOException {
    try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = ch.size();
      long pos = 0;
      while (pos < size) {
        long next = entryAt(ch, pos, size, seg);
        if (next > 0) {
          pos = next;
          continue;
        }
        long resume = nextIntactEntry(ch, pos + 1, size, seg);
        tornOnOpen++;
        if (resume < 0) {
          LOG.warn("outbox segment {} damaged at byte {}; cut off there", seg.path.getFileName(), pos);
          ch.truncate(pos);
          ch.force(true);
          break;
        }
        // seqs are consecutive within a run of appends: the gap is what the damage destroyed
        long lostFrom = Math.max(seg.lastSeq < seg.firstSeq ? seg.firstSeq : seg.lastSeq + 1, watermark + 1);
        long lost = Math.max(0, decodeAt(ch, resume, size).seq() - lostFrom);
        dropped += lost;
        LOG.warn("outbox segment {} damaged between bytes {} and {}: {} unsent messages lost", seg.path.getFileName(),
            pos, resume, lost);
        pos = resume;
      }
      seg.size = ch.size();
    }
  }

  /** Admits the entry at {@code pos} if it is intact and in order; returns the next position, or -1. */
  private long entryAt(FileChannel ch, long pos, long size, Segment seg) throws IOException {
    OutboundMessage m = decodeAt(ch, pos, size);
    if (m == null || m.seq() <= seg.lastSeq || m.seq() < seg.firstSeq) {
      return -1;
    }
    int length = bodyLengthAt(ch, pos);
    admit(seg, m, pos + SegmentEntry.HEADER, length);
    return pos + SegmentEntry.HEADER + length + SegmentEntry.TRAILER;
  }

  /** The first position at or after {@code from} that holds an intact entry in order, or -1. */
  private long nextIntactEntry(FileChannel ch, long from, long size, Segment seg) throws IOException {
    MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
    map.order(ByteOrder.LITTLE_ENDIAN);
    for (long p = from; p + SegmentEntry.HEADER <= size; p++) {
      if (map.getInt((int) p) == SegmentEntry.MAGIC) {
        OutboundMessage m = decodeAt(ch, p, size);
        if (m != null && m.seq() > seg.lastSeq && m.seq() >= seg.firstSeq) {
          return p;
        }
      }
    }
    return -1;
  }

  private static int bodyLengthAt(FileChannel ch, long pos) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(SegmentEntry.HEADER).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, header, pos);
    return header.getInt(4);
  }

  /** The intact entry at {@code pos} (magic, length within bounds, checksum), or null. */
  private static OutboundMessage decodeAt(FileChannel ch, long pos, long size) throws IOException {
    if (size - pos < SegmentEntry.HEADER) {
      return null;
    }
    ByteBuffer header = ByteBuffer.allocate(SegmentEntry.HEADER).order(ByteOrder.LITTLE_ENDIAN);
    if (readFully(ch, header, pos) < SegmentEntry.HEADER) {
      return null;
    }
    int magic = header.getInt(0);
    int length = header.getInt(4);
    if (magic != SegmentEntry.MAGIC || length < SegmentEntry.BODY_FIXED || length > SegmentEntry.MAX_BODY
        || size - pos - SegmentEntry.HEADER < (long) length + SegmentEntry.TRAILER) {
      return null;
    }
    ByteBuffer body = ByteBuffer.allocate(length + SegmentEntry.TRAILER).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, body, pos + SegmentEntry.HEADER);
    body.flip();
    int crc = body.getInt(length);
    body.limit(length);
    return SegmentEntry.crcMatches(body, crc) ? SegmentEntry.decodeBody(body) : null;
  }

  private void admit(Segment seg, OutboundMessage m, long bodyOffset, int bodyLength) {
    seg.lastSeq = m.seq();
    if (m.storedAt().isAfter(seg.newest)) {
      seg.newest = m.storedAt();
    }
    lastSeq = Math.max(lastSeq, m.seq());
    if (m.seq() > watermark) {
      int payloadLength = bodyLength - SegmentEntry.BODY_FIXED - m.topic().getBytes(StandardCharsets.UTF_8).length;
      pending.put(m.seq(), new Location(seg, bodyOffset, bodyLength, payloadLength, m.storedAt()));
      payloadBytes += payloadLength;
    }
  }

  private static int readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    int total = 0;
    while (b.hasRemaining()) {
      int n = ch.read(b, pos + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }

  @Override
  public synchronized void append(OutboundMessage m) {
    if (m.seq() <= lastSeq) {
      throw new IllegalArgumentException("seq must increase: " + m.seq() + " after " + lastSeq);
    }
    long at = 0;
    try {
      if (writing == null || writing.size >= options.segmentBytes()) {
        roll(m.seq());
      }
      ByteBuffer entry = SegmentEntry.encode(m);
      at = writing.size;
      while (entry.hasRemaining()) {
        writer.write(entry);
      }
      if (options.syncEachAppend()) {
        writer.force(false);
      }
      writing.size = at + entry.limit();
      writing.newestNanos = monotonic.nanos();
      writing.appendedHere = true;
      admit(writing, m, at + SegmentEntry.HEADER, entry.limit() - SegmentEntry.HEADER - SegmentEntry.TRAILER);
    } catch (IOException e) {
      abandonTail(at);
      throw new UncheckedIOException("outbox append failed in " + dir + ": " + e.getMessage(), e);
    }
    enforceBounds();
  }

  /** After a failed write: cut the partial entry off, or start a new segment if even that fails. */
  private void abandonTail(long at) {
    try {
      if (writer != null) {
        writer.truncate(at);
        writer.position(at);
      }
    } catch (IOException again) {
      writing = null;
    }
  }

  private void roll(long firstSeq) throws IOException {
    if (writer != null) {
      writer.close();
    }
    Path p = dir.resolve(segmentName(firstSeq));
    writer = FileChannel.open(p, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OwnerOnly.file());
    writing = new Segment(p, firstSeq);
    segments.put(firstSeq, writing);
    AtomicFile.syncDirectory(dir);
  }

  /** Drops the oldest segments while over the byte bound or past the age bound. */
  private void enforceBounds() {
    Instant tooOld = clock.instant().minus(options.maxAge());
    while (!segments.isEmpty()) {
      Segment oldest = segments.firstEntry().getValue();
      boolean overSize = totalFileBytes() > options.maxBytes() && oldest != writing;
      boolean overAge = oldest != writing && olderThanMaxAge(oldest, tooOld);
      if (!overSize && !overAge) {
        break;
      }
      if (!dropSegment(oldest, overSize ? "size" : "age")) {
        break;
      }
    }
  }

  /**
   * By the wall clock, and for what this process appended also by the monotonic clock, whichever
   * says younger: entries stamped before NTP's first sync (a Pi boots in the past) must not look
   * years old the moment the clock is corrected.
   */
  private boolean olderThanMaxAge(Segment s, Instant tooOld) {
    if (!s.newest.isBefore(tooOld)) {
      return false;
    }
    return !s.appendedHere || monotonic.nanos() - s.newestNanos > options.maxAge().toNanos();
  }

  private long totalFileBytes() {
    long n = 0;
    for (Segment s : segments.values()) {
      n += s.size;
    }
    return n;
  }

  private boolean dropSegment(Segment s, String bound) {
    Map<Long, Location> in = pending.headMap(s.lastSeq, true);
    long n = in.size();
    in.values().forEach(l -> payloadBytes -= l.payloadLength());
    in.clear();
    dropped += n;
    if (n > 0) {
      LOG.warn("outbox over its {} bound: dropped {} unsent messages up to seq {}", bound, n, s.lastSeq);
    }
    watermark = Math.max(watermark, s.lastSeq);
    return deleteSegment(s);
  }

  /**
   * Deletes a segment once the watermark covering it is on disk. Returns false, keeping the segment,
   * when the watermark cannot be written (disk full, read-only): callers stop and try again later.
   */
  private boolean deleteSegment(Segment s) {
    try {
      writeWatermark();
    } catch (IOException e) {
      warnRateLimited("cannot record acknowledgements in " + dir + ": " + e);
      return false;
    }
    segments.remove(s.firstSeq);
    try {
      Files.deleteIfExists(s.path);
    } catch (IOException e) {
      // the watermark already covers it: the next open deletes it
      warnRateLimited("could not delete outbox segment " + s.path.getFileName() + ": " + e);
    }
    return true;
  }

  /** At most one warning a minute for a persisting disk problem; the rest are counted. */
  private void warnRateLimited(String message) {
    long now = monotonic.nanos();
    if (now - lastWarningNanos >= 60_000_000_000L) {
      LOG.warn("{}{}", message, suppressedWarnings > 0 ? " (" + suppressedWarnings + " similar warnings suppressed)" : "");
      lastWarningNanos = now;
      suppressedWarnings = 0;
    } else {
      suppressedWarnings++;
    }
  }

  @Override
  public synchronized List<OutboundMessage> pendingAfter(long after, int max) {
    enforceBounds();
    List<OutboundMessage> out = new ArrayList<>(Math.min(max, pending.size()));
    for (Map.Entry<Long, Location> e : pending.tailMap(after, false).entrySet()) {
      if (out.size() >= max) {
        break;
      }
      out.add(read(e.getValue()));
    }
    return out;
  }

  private OutboundMessage read(Location l) {
    try (FileChannel ch = FileChannel.open(l.segment().path, StandardOpenOption.READ)) {
      ByteBuffer body = ByteBuffer.allocate(l.bodyLength());
      readFully(ch, body, l.bodyOffset());
      return SegmentEntry.decodeBody(body.flip());
    } catch (IOException e) {
      throw new UncheckedIOException("outbox read failed in " + dir, e);
    }
  }

  @Override
  public synchronized void acknowledge(long seq) {
    Location l = pending.remove(seq);
    if (l == null) {
      return;
    }
    payloadBytes -= l.payloadLength();
    watermark = pending.isEmpty() ? lastSeq : Math.max(watermark, pending.firstKey() - 1);
    while (!segments.isEmpty()) {
      Segment oldest = segments.firstEntry().getValue();
      if (oldest.lastSeq > watermark || oldest == writing) {
        break;
      }
      if (!deleteSegment(oldest)) {
        break;
      }
    }
    Instant now = clock.instant();
    if (Duration.between(lastWatermarkWrite, now).compareTo(options.ackFlushInterval()) >= 0) {
      try {
        writeWatermark();
        lastWatermarkWrite = now;
      } catch (IOException e) {
        LOG.warn("could not record acknowledgements: {}", e.toString());
      }
    }
  }

  /**
   * A segment's file name: its first seq in 20 ASCII digits, so that names sort as seqs do. Not
   * String.format, whose digits follow the default locale (Arabic-Indic under LANG=ar_EG), which
   * {@link #SEGMENT_NAME} would not match on the next start.
   */
  static String segmentName(long firstSeq) {
    String digits = Long.toString(firstSeq);
    return SEGMENT_PREFIX + "0".repeat(20 - digits.length()) + digits + SEGMENT_SUFFIX;
  }

  /** The first seq a segment file's name gives, or -1 for a file that is not a segment the gateway wrote. */
  private static long segmentFirstSeq(Path f) {
    String name = f.getFileName().toString();
    if (!SEGMENT_NAME.matcher(name).matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length()));
    } catch (NumberFormatException pastLongMax) {
      return -1;
    }
  }

  /** The acknowledged watermark; null when the file is missing or damaged. */
  private Long readWatermark() throws IOException {
    Path f = dir.resolve("acked");
    if (!Files.exists(f)) {
      return null;
    }
    // 12 bytes when intact; a larger file is damaged and is never read whole
    byte[] b = Files.size(f) == 12 ? Files.readAllBytes(f) : new byte[0];
    if (b.length == 12) {
      ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer value = ByteBuffer.wrap(b, 0, 8);
      if (SegmentEntry.crcMatches(value, buf.getInt(8))) {
        return buf.getLong(0);
      }
    }
    LOG.warn("outbox acknowledgement file is damaged; pending messages will be sent again");
    return null;
  }

  private void writeWatermark() throws IOException {
    if (watermark == persistedWatermark) {
      return;
    }
    ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(watermark);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, 8);
    b.putInt((int) crc.getValue());
    writeAtomically(dir, "acked", b.array());
    persistedWatermark = watermark;
  }

  private static void writeAtomically(Path dir, String name, byte[] content) throws IOException {
    AtomicFile.write(dir.resolve(name), content, AtomicFile.Option.OWNER_ONLY);
  }

  @Override
  public synchronized long lastSeq() {
    return lastSeq;
  }

  @Override
  public String epoch() {
    return epoch;
  }

  @Override
  public synchronized OutboxStats stats() {
    return new OutboxStats(
        pending.size(),
        payloadBytes,
        pending.isEmpty() ? null : pending.firstEntry().getValue().storedAt(),
        dropped,
        tornOnOpen);
  }

  @Override
  public synchronized void close() {
    try {
      writeWatermark();
      if (writer != null) {
        writer.force(true);
        writer.close();
        writer = null;
      }
    } catch (IOException e) {
      LOG.warn("closing the outbox: {}", e.toString());
    }
  }
}
