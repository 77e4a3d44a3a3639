package org.proximity.gateway.radio.bluez;

import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.interfaces.DBusInterface;

/**
 * The part of BlueZ's {@code org.bluez.Device1} that the GATT reader calls
 * ({@code bluez/bluez: doc/org.bluez.Device.rst}); properties go through {@code Properties}.
 */
@DBusInterfaceName(Device1.NAME)
public interface Device1 extends DBusInterface {
  String NAME = "org.bluez.Device1";

  void Connect();

  void Disconnect();
}
