package org.proximity.gateway.radio.bluez;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.freedesktop.dbus.types.Variant;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.BluetoothAddress;

/**
 * The last known {@code org.bluez.Device1} properties of one device, kept so that a {@code
 * PropertiesChanged} carrying only RSSI (a new report of the same data) or only data (no RSSI, see
 * docs/platform-notes.md#dbus-java) can still be turned into a whole advertisement.
 *
 * <p>Written only by the D-Bus signal thread; {@link #lastHeard} and the pairing flags are also
 * read by the housekeeping thread, hence volatile.
 */
final class DeviceState {
  BluetoothAddress address;
  AddressType addressType = AddressType.UNKNOWN;
  Integer rssi;
  Map<Integer, byte[]> manufacturerData = Map.of();
  Map<String, byte[]> serviceData = Map.of();
  List<String> uuids = List.of();
  String name;
  volatile boolean paired;
  volatile boolean connected;
  volatile boolean trusted;
  volatile Instant lastHeard;

  DeviceState(Instant created) {
    this.lastHeard = created;
  }

  /**
   * Applies changed properties; returns true when they amount to a new advertising report (RSSI or
   * advertised data present), false for bookkeeping changes (Name alone, Paired, Connected...).
   */
  boolean apply(Map<String, Variant<?>> props) {
    boolean report = false;
    for (Map.Entry<String, Variant<?>> e : props.entrySet()) {
      Object v = e.getValue().getValue();
      switch (e.getKey()) {
        case "Address" -> {
          if (v instanceof String s) {
            try {
              address = BluetoothAddress.parse(s);
            } catch (IllegalArgumentException ignored) {
              address = null;
            }
          }
        }
        case "AddressType" -> addressType = "random".equals(v) ? AddressType.RANDOM
            : "public".equals(v) ? AddressType.PUBLIC : AddressType.UNKNOWN;
        case "RSSI" -> {
          if (v instanceof Number n) {
            rssi = n.intValue();
            report = true;
          }
        }
        case "ManufacturerData" -> {
          Map<Integer, byte[]> md = manufacturer(v);
          if (md != null) {
            manufacturerData = md;
            report |= !md.isEmpty();
          }
        }
        case "ServiceData" -> {
          Map<String, byte[]> sd = service(v);
          if (sd != null) {
            serviceData = sd;
            report |= !sd.isEmpty();
          }
        }
        case "UUIDs" -> {
          if (v instanceof List<?> l) {
            List<String> u = new ArrayList<>(l.size());
            for (Object o : l) {
              if (o instanceof String s) {
                u.add(s);
              }
            }
            uuids = List.copyOf(u);
          }
        }
        case "Name" -> name = v instanceof String s ? s : null;
        case "Paired" -> paired = Boolean.TRUE.equals(v);
        case "Connected" -> connected = Boolean.TRUE.equals(v);
        case "Trusted" -> trusted = Boolean.TRUE.equals(v);
        default -> { }
      }
    }
    return report;
  }

  /** Properties that BlueZ invalidated (removed) without a value. */
  void invalidate(List<String> names) {
    for (String n : names) {
      switch (n) {
        case "RSSI" -> rssi = null;
        case "ManufacturerData" -> manufacturerData = Map.of();
        case "ServiceData" -> serviceData = Map.of();
        case "UUIDs" -> uuids = List.of();
        case "Name" -> name = null;
        default -> { }
      }
    }
  }

  /**
   * a{qv}: company ID → ay. Returns null for anything else, e.g. the {@code aa{qv}} that the
   * dbusmock template puts in new devices (docs/platform-notes.md#dbusmock-bluez, bug 1).
   */
  static Map<Integer, byte[]> manufacturer(Object v) {
    return byteMap(v, k -> k instanceof Number n ? n.intValue() & 0xFFFF : null);
  }

  /** a{sv}: UUID text → ay; null for anything else. */
  static Map<String, byte[]> service(Object v) {
    return byteMap(v, k -> k instanceof String s ? s : null);
  }

  private static <K> Map<K, byte[]> byteMap(Object v, Function<Object, K> key) {
    if (!(v instanceof Map<?, ?> m)) {
      return null;
    }
    Map<K, byte[]> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      K k = key.apply(e.getKey());
      byte[] data = bytes(e.getValue());
      if (k != null && data != null) {
        out.put(k, data);
      }
    }
    return out;
  }

  /** ay inside a variant arrives as List&lt;Byte&gt; (docs/platform-notes.md#dbus-java), sometimes as byte[]. */
  static byte[] bytes(Object v) {
    Object x = v instanceof Variant<?> var ? var.getValue() : v;
    if (x instanceof byte[] b) {
      return b.clone();
    }
    if (x instanceof List<?> l) {
      byte[] out = new byte[l.size()];
      for (int i = 0; i < out.length; i++) {
        if (!(l.get(i) instanceof Number n)) {
          return null;
        }
        out[i] = n.byteValue();
      }
      return out;
    }
    return null;
  }
}
