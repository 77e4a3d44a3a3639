import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.AdvertisementScanner;
import org.proximity.gateway.ad.ScanResult;

/**
 * Our side of the side-by-side with a peer's parser (docs/benchmarks.md#side-by-side-with-a-peers-parser):
 * the advertising data of every report of a capture written by {@code simulate}, read as
 * advlib-side-by-side.js reads it, through our decoder ({@code decode}: an immutable result per
 * report, like the peer's JSON object) and our scanner ({@code scan}: the allocation-free path the
 * service runs). Run from the repository's root after {@code mvn package}:
 * {@code java -cp gateway/target/proximity-gateway.jar bench/peer/DecodeSideBySide.java station.pcap}.
 */
public final class DecodeSideBySide {
  private static final int PCAP_HEADER = 24;
  private static final int RECORD_HEADER = 16;
  private static final int H4_PHDR = 4;

  public static void main(String[] args) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(Path.of(args[0]))).order(ByteOrder.LITTLE_ENDIAN);
    if (b.limit() < PCAP_HEADER || b.getInt(0) != 0xA1B2C3D4 || b.getInt(20) != 201) {
      throw new IllegalArgumentException(args[0] + ": not a little-endian microsecond pcap of link type 201");
    }
    List<byte[]> reports = new ArrayList<>();
    for (int at = PCAP_HEADER; at + RECORD_HEADER <= b.limit();) {
      int length = b.getInt(at + 8);
      int frame = at + RECORD_HEADER;
      at = frame + length;
      if (at > b.limit()) {
        break;
      }
      if (length < H4_PHDR + 15 || b.get(frame + 4) != 0x04 || b.get(frame + 5) != 0x3E || b.get(frame + 7) != 0x02
          || b.get(frame + 8) != 1) {
        continue;
      }
      int dataLength = b.get(frame + 17) & 0xFF;
      if (H4_PHDR + 14 + dataLength + 1 > length) {
        continue;
      }
      byte[] data = new byte[dataLength];
      b.get(frame + 18, data);
      reports.add(data);
    }
    AdvertisementDecoder decoder = new AdvertisementDecoder();
    AdvertisementScanner scanner = new AdvertisementScanner();
    ScanResult out = new ScanResult();
    // untimed warm-up, as the peer's script does
    for (int i = 0; i < Math.min(reports.size(), 100_000); i++) {
      decoder.decode(reports.get(i));
      scanner.scan(reports.get(i), out);
    }
    // the whole process's CPU (GC threads too), as Node's process.cpuUsage() counts it
    OperatingSystemMXBean cpu = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (String path : new String[] {"decode", "scan"}) {
      long c0 = cpu.getProcessCpuTime();
      long t0 = System.nanoTime();
      long sink = 0;
      for (byte[] data : reports) {
        sink += path.equals("decode") ? decoder.decode(data).hashCode() : scanner.scan(data, out).hashCode();
      }
      double wallS = (System.nanoTime() - t0) / 1e9;
      double cpuS = (cpu.getProcessCpuTime() - c0) / 1e9;
      System.out.printf("{\"parser\":\"proximity-gateway %s\",\"reports\":%d,\"wall_s\":%.3f,\"cpu_s\":%.3f,"
          + "\"decoded_per_s\":%.0f,\"decoded_per_cpu_s\":%.0f,\"sink\":%d}%n",
          path, reports.size(), wallS, cpuS, reports.size() / wallS, reports.size() / cpuS, sink);
    }
  }
}
