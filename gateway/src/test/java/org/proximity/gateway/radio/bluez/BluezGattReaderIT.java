package org.proximity.gateway.radio.bluez;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.gateway.ad.AdvertisementDecoder;
import org.proximity.gateway.ad.DeviceKind;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.radio.gatt.GattOutcome;
import org.proximity.gateway.radio.gatt.GattReadStats;

/**
 * The GATT reader against the dbusmock BlueZ with mocked Bluezone iPhones (DbusMockBluez
 * {@code addBluezoneIphone}), fed by the real bluez source: phones that answer, time out, refuse
 * or vanish; one read per phone per slot; the per-minute bound on a crowd of 500 with a clock the
 * test moves; scanning going on while a phone is connected.
 */
class BluezGattReaderIT {
  private static final byte[] ID = HexFormat.of().parseHex("a0a1a2a3a4a5a6a7a8a9aaab");
  private static final String GAEN_UUID = "0000fd6f-0000-1000-8000-00805f9b34fb";

  @TempDir Path dir;
  private DbusMockBluez mock;
  private BluezAdvertisementSource source;
  private BluezGattReader reader;
  /** The reader's clock: decides the slot and the per-minute window. */
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:05Z"));
  private final ConcurrentLinkedQueue<byte[]> idsRead = new ConcurrentLinkedQueue<>();
  private final AtomicLong advertisements = new AtomicLong();
  private final AtomicLong iphonesHeard = new AtomicLong();

  @BeforeEach
  void bus() throws Exception {
    mock = new DbusMockBluez(dir);
    mock.addAdapter("hci0");
  }

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
    if (reader != null) {
      reader.close();
    }
    mock.close();
  }

  /** Source → decode → reader, as the pipeline does it; the source keeps the system clock. */
  private void start(int maxPerMinute, Duration connectTimeout) throws Exception {
    InstantSource clock = now::get;
    reader = new BluezGattReader(
        new BluezGattReader.Settings("hci0", mock.address(), maxPerMinute, connectTimeout, Duration.ofMillis(20)), clock,
        MonotonicClock.system());
    reader.start((at, id, rssi) -> idsRead.add(id));
    AdvertisementDecoder decoder = new AdvertisementDecoder();
    source = new BluezAdvertisementSource(BluezConfig.defaults().withBusAddress(mock.address()), InstantSource.system(), r -> { });
    source.start(a -> {
      advertisements.incrementAndGet();
      if (decoder.decode(a.data()).kind() == DeviceKind.BLUEZONE_IOS) {
        iphonesHeard.incrementAndGet();
        reader.heard(a.address(), a.rssi());
      }
    });
  }

  private static String address(int i) {
    return String.format("4C:00:00:00:%02X:%02X", i >> 8, i & 0xFF);
  }

  /** Makes {@code devs} advertise (an RSSI change each) until {@code done}; a device gone from the mock is skipped. */
  private void advertiseUntil(String what, List<String> devs, BooleanSupplier done) {
    int[] tick = {0};
    await(what).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
      tick[0]++;
      for (String d : devs) {
        try {
          mock.setRssi(d, -50 - tick[0] % 20);
        } catch (DBusExecutionException gone) {
          // it left the mock (VANISHES_MID_READ)
        }
      }
      return done.getAsBoolean();
    });
  }

  private GattReadStats stats() {
    return reader.stats();
  }

  @Test
  void iphoneThatAnswers_isReadOncePerSlot_andAgainInTheNextSlot() throws Exception {
    start(30, Duration.ofSeconds(5));
    String dev = mock.addBluezoneIphone("hci0", address(1), ID, DbusMockBluez.Iphone.ANSWERS);
    String characteristic = dev + "/service0010/char0011";

    advertiseUntil("the ID read", List.of(dev), () -> stats().outcome(GattOutcome.READ) == 1);
    assertEquals(1, idsRead.size());
    assertArrayEquals(ID, idsRead.peek());
    await().until(() -> mock.calls(dev, "Disconnect") == 1);

    advertiseUntil("heard again in the same slot", List.of(dev), () -> stats().skippedSlot() >= 5);
    assertEquals(1, mock.calls(dev, "Connect"), "not connected twice in one slot");
    assertEquals(1, mock.calls(characteristic, "ReadValue"));
    assertEquals(1, idsRead.size());

    now.set(Instant.parse("2026-12-03T10:15:00Z")); // the next Bluezone slot: a new ID on the phone
    advertiseUntil("read in the next slot", List.of(dev), () -> stats().outcome(GattOutcome.READ) == 2);
    assertEquals(2, mock.calls(dev, "Connect"));
    assertEquals(2, stats().attempts());
  }

  @Test
  void iphoneWhoseServicesNeverResolve_timesOut_isDisconnected_andNotRetriedInTheSlot() throws Exception {
    start(30, Duration.ofMillis(300));
    String dev = mock.addBluezoneIphone("hci0", address(2), ID, DbusMockBluez.Iphone.NEVER_RESOLVES);

    advertiseUntil("a timeout", List.of(dev), () -> stats().outcome(GattOutcome.TIMEOUT) == 1);
    await().until(() -> mock.calls(dev, "Disconnect") == 1);
    advertiseUntil("heard again in the same slot", List.of(dev), () -> stats().skippedSlot() >= 3);
    assertEquals(1, mock.calls(dev, "Connect"));
    assertEquals(0, mock.calls(dev + "/service0010/char0011", "ReadValue"));
    assertTrue(idsRead.isEmpty());
  }

  @Test
  void connectThatDoesNotAnswer_timesOut_andTheNextPhoneIsReadAfterIt() throws Exception {
    start(30, Duration.ofMillis(300));
    String hangs = mock.addBluezoneIphone("hci0", address(3), ID, DbusMockBluez.Iphone.HANGS);
    advertiseUntil("a timeout", List.of(hangs), () -> stats().outcome(GattOutcome.TIMEOUT) == 1);

    String answers = mock.addBluezoneIphone("hci0", address(4), ID, DbusMockBluez.Iphone.ANSWERS);
    advertiseUntil("the next phone read", List.of(answers), () -> stats().outcome(GattOutcome.READ) == 1);
    assertEquals(1, mock.calls(hangs, "Connect"));
    assertEquals(2, stats().attempts());
  }

  @Test
  void iphoneThatRefuses_isCountedAndNotRetriedInTheSlot() throws Exception {
    start(30, Duration.ofSeconds(5));
    String dev = mock.addBluezoneIphone("hci0", address(5), ID, DbusMockBluez.Iphone.REFUSES);

    advertiseUntil("a refusal", List.of(dev), () -> stats().outcome(GattOutcome.REFUSED) == 1);
    advertiseUntil("heard again in the same slot", List.of(dev), () -> stats().skippedSlot() >= 3);
    assertEquals(1, mock.calls(dev, "Connect"));
    assertTrue(idsRead.isEmpty());
  }

  @Test
  void iphoneThatVanishesMidRead_isCountedGone_andNothingIsKept() throws Exception {
    start(30, Duration.ofSeconds(5));
    String dev = mock.addBluezoneIphone("hci0", address(6), ID, DbusMockBluez.Iphone.VANISHES_MID_READ);

    advertiseUntil("the phone gone", List.of(dev), () -> stats().outcome(GattOutcome.GONE) == 1);
    assertTrue(idsRead.isEmpty());
    assertEquals(1, stats().attempts());
    assertEquals(0, mock.deviceCount(), "the mock removed it");
    // the reader is free again: another phone is read
    String next = mock.addBluezoneIphone("hci0", address(7), ID, DbusMockBluez.Iphone.ANSWERS);
    advertiseUntil("the next phone read", List.of(next), () -> stats().outcome(GattOutcome.READ) == 1);
  }

  @Test
  void crowdOf500Iphones_staysWithinMaxPerMinute_byTheReadersClock() throws Exception {
    start(30, Duration.ofSeconds(5));
    List<String> crowd = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      crowd.add(mock.addBluezoneIphone("hci0", address(100 + i), ID, DbusMockBluez.Iphone.ANSWERS));
    }
    // the clock stands still: exactly 30 attempts, then every phone heard is skipped for the rate
    advertiseUntil("30 reads", crowd, () -> stats().outcome(GattOutcome.READ) == 30);
    long heard = iphonesHeard.get();
    advertiseUntil("a full round more heard", crowd, () -> iphonesHeard.get() >= heard + 1000);
    assertEquals(30, stats().attempts(), "no attempt beyond max_per_minute while the minute lasts");
    assertTrue(stats().skippedRate() >= 900, "skipped for the rate: " + stats());
    assertEquals(30, crowd.stream().mapToInt(d -> mock.calls(d, "Connect")).sum());

    now.set(now.get().plusSeconds(61)); // a new minute, same slot: 30 more, never one of the first 30
    advertiseUntil("30 more reads", crowd, () -> stats().outcome(GattOutcome.READ) == 60);
    long heardAgain = iphonesHeard.get();
    advertiseUntil("a full round more heard", crowd, () -> iphonesHeard.get() >= heardAgain + 1000);
    assertEquals(60, stats().attempts());
    assertTrue(crowd.stream().allMatch(d -> mock.calls(d, "Connect") <= 1), "one connection per phone per slot");
    assertEquals(60, idsRead.size());
  }

  @Test
  void advertisementsKeepFlowing_whileAPhoneIsConnected() throws Exception {
    start(30, Duration.ofSeconds(10));
    String gaen = mock.addDevice("hci0", "5A:00:00:00:00:01");
    mock.setServiceData(gaen, GAEN_UUID, HexFormat.of().parseHex("00112233445566778899aabbccddeeff40080000"));
    String slow = mock.addBluezoneIphone("hci0", address(8), ID, DbusMockBluez.Iphone.NEVER_RESOLVES);
    advertiseUntil("connected", List.of(slow), () -> mock.calls(slow, "Connect") == 1);

    long before = advertisements.get();
    for (int i = 0; i < 50; i++) {
      mock.setRssi(gaen, -60 - i % 10);
    }
    await("50 GAEN adverts during the read").atMost(Duration.ofSeconds(5))
        .until(() -> advertisements.get() >= before + 50);
    assertEquals(0, stats().outcome(GattOutcome.TIMEOUT), "the read was still waiting for the phone");
    assertTrue(mock.adapterProperty("/org/bluez/hci0", "Discovering"), "discovery never stopped");
  }
}
