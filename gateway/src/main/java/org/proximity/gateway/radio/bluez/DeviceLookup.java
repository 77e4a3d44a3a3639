package org.proximity.gateway.radio.bluez;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.types.Variant;

/**
 * Finds objects in a {@code GetManagedObjects} reply: an adapter by address, and a GATT
 * characteristic by service and characteristic UUID below a device. UUIDs compare ignoring case
 * (BlueZ writes them in lower case).
 */
final class DeviceLookup {
  private DeviceLookup() {}

  /** The object path of the adapter whose Address is {@code address}, or null. */
  static String adapterPath(Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects, String address) {
    for (Map.Entry<DBusPath, Map<String, Map<String, Variant<?>>>> e : objects.entrySet()) {
      Map<String, Variant<?>> a = e.getValue().get(Adapter1.NAME);
      if (a != null && address.equalsIgnoreCase(text(a, "Address"))) {
        return e.getKey().getPath();
      }
    }
    return null;
  }

  /** The characteristic {@code charUuid} of a primary service {@code serviceUuid} of {@code device}, or null. */
  static String characteristicPath(
      Map<DBusPath, Map<String, Map<String, Variant<?>>>> objects, String device, String serviceUuid, String charUuid) {
    for (Map.Entry<DBusPath, Map<String, Map<String, Variant<?>>>> e : objects.entrySet()) {
      Map<String, Variant<?>> s = e.getValue().get(GattCharacteristic1.SERVICE);
      String service = e.getKey().getPath();
      if (s == null || !service.startsWith(device + "/") || !serviceUuid.equalsIgnoreCase(text(s, "UUID"))) {
        continue;
      }
      for (Map.Entry<DBusPath, Map<String, Map<String, Variant<?>>>> c : objects.entrySet()) {
        Map<String, Variant<?>> ch = c.getValue().get(GattCharacteristic1.NAME);
        if (ch != null && charUuid.equalsIgnoreCase(text(ch, "UUID")) && service.equals(path(ch, "Service"))) {
          return c.getKey().getPath();
        }
      }
    }
    return null;
  }

  private static String text(Map<String, Variant<?>> props, String key) {
    Variant<?> v = props.get(key);
    return v != null && v.getValue() instanceof String s ? s : null;
  }

  private static String path(Map<String, Variant<?>> props, String key) {
    Variant<?> v = props.get(key);
    return v != null && v.getValue() instanceof DBusPath p ? p.getPath() : null;
  }
}
