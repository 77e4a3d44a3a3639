package org.proximity.gateway.radio.bluez;

import java.util.Map;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * BlueZ's {@code org.bluez.GattCharacteristic1}, the one method the GATT reader calls
 * ({@code bluez/bluez: doc/org.bluez.GattCharacteristic.rst}). Services are
 * {@code org.bluez.GattService1} objects, found with {@code GetManagedObjects}.
 */
@DBusInterfaceName(GattCharacteristic1.NAME)
public interface GattCharacteristic1 extends DBusInterface {
  String NAME = "org.bluez.GattCharacteristic1";
  String SERVICE = "org.bluez.GattService1";

  /** {@code options} may hold {@code offset} (q); none are used here. */
  byte[] ReadValue(Map<String, Variant<?>> options);
}
