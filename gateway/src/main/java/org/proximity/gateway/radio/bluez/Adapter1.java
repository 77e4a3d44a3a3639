package org.proximity.gateway.radio.bluez;

import java.util.Map;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.types.Variant;

/**
 * The part of BlueZ's {@code org.bluez.Adapter1} that the gateway calls
 * ({@code bluez/bluez: doc/org.bluez.Adapter.rst}). Properties (Powered, Discovering, Address) are
 * read and written through {@code org.freedesktop.DBus.Properties}.
 */
@DBusInterfaceName(Adapter1.NAME)
public interface Adapter1 extends DBusInterface {
  String NAME = "org.bluez.Adapter1";

  void StartDiscovery();

  void StopDiscovery();

  /** Keys used here: {@code Transport} (s) and {@code DuplicateData} (b). */
  void SetDiscoveryFilter(Map<String, Variant<?>> filter);

  void RemoveDevice(DBusPath device);
}
