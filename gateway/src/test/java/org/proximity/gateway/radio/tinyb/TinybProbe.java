package org.proximity.gateway.radio.tinyb;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DecodedAdvertisement;
import org.proximity.gateway.radio.bluez.RecoveryLadder;

/**
 * Runs the tinyb source in its own JVM: GLib reads DBUS_SYSTEM_BUS_ADDRESS at start and ends the
 * process when its bus connection closes, so TinyB cannot share the test JVM. Prints {@code ready},
 * then one line per advertisement ({@code adv kind=GAEN rssi=-79 id=<sha-free length>}) and never
 * an ID or address; stops when stdin closes.
 */
public final class TinybProbe {
  private TinybProbe() {}

  public static void main(String[] args) throws Exception {
    var policy = new RecoveryLadder.Policy(Duration.ofMinutes(5), Duration.ofHours(1),
        Duration.ofMillis(300), Duration.ofSeconds(2), 0.0, 3, 2, Duration.ofSeconds(30), Duration.ofMinutes(10));
    var config = new TinybAdvertisementSource.Config(args.length > 0 ? args[0] : "hci0",
        Duration.ofMillis(100), Duration.ofSeconds(60), Duration.ofSeconds(120), policy);
    AdvertisementDecoder decoder = new AdvertisementDecoder();
    boolean quiet = args.length > 1 && args[1].equals("--count-only");
    var source = new TinybAdvertisementSource(config, InstantSource.system(),
        reason -> System.out.println("failed " + reason));
    try {
      source.start(a -> {
        if (!quiet) {
          DecodedAdvertisement d = decoder.decode(a.dataUnsafe());
          System.out.println("adv kind=" + d.kind().name() + " rssi=" + a.rssi()
              + " idBytes=" + (d.rollingId() == null ? 0 : d.rollingId().length)
              + " fault=" + (d.fault() != null));
        }
      });
    } catch (Exception e) {
      System.out.println("error " + e.getMessage());
      System.exit(3);
    }
    System.out.println("ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.equals("health")) {
        System.out.println("health " + source.health());
      }
    }
    source.close();
    System.exit(0);
  }
}
