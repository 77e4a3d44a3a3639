package org.proximity.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.common.config.ConfigException;

class ConfigLoaderTest {
  private static final Path EXAMPLE = Path.of("src/main/dist/gateway.toml");

  private static List<String> problems(String toml) {
    return assertThrows(ConfigException.class, () -> ConfigLoader.parse(toml, "test.toml")).problems();
  }

  @Test
  void load_shippedExample_asksForTheSiteAndGatewayIds() {
    List<String> p = assertThrows(ConfigException.class, () -> ConfigLoader.load(EXAMPLE)).problems();
    assertEquals(List.of(
        "site must be filled in with this place's id, shared by all its gateways: 1-64 characters from"
            + " A-Z a-z 0-9 . _ -, was \"\"",
        "gateway must be filled in with this gateway's id, unique within the site (also its MQTT client id):"
            + " 1-64 characters from A-Z a-z 0-9 . _ -, was \"\""), p);
  }

  @Test
  void load_shippedExampleFilledIn_equalsTheDefaults() throws Exception {
    String text = Files.readString(EXAMPLE);
    assertTrue(text.contains("\nsite = \"\"\n") && text.contains("\ngateway = \"\"\n"), "the ids ship empty");
    GatewayConfig example = ConfigLoader.parse(text.replace("\nsite = \"\"\n", "\nsite = \"ben-xe-mien-dong\"\n")
        .replace("\ngateway = \"\"\n", "\ngateway = \"bay-03\"\n"), EXAMPLE.toString());
    GatewayConfig minimal = ConfigLoader.parse("site = \"ben-xe-mien-dong\"\ngateway = \"bay-03\"\n", "minimal");
    assertEquals(minimal, example, "every default in the example file matches the code");
    assertEquals(GatewayConfig.RadioSource.BLUEZ, example.radio().source());
    assertEquals(30, example.buckets().minutes());
    assertEquals(Path.of("/var/lib/proximity-gateway/day.key"), example.keys().dayKeyFile());
    assertNull(example.mqtt().broker().caFile());
    assertEquals(new GatewayConfig.Status(-1, false), example.status(), "no LED: the status goes to the log");
  }

  @Test
  void parse_bluezoneIos_offByDefault_boundsChecked_andRefusedUnderTinyb() throws ConfigException {
    GatewayConfig dflt = ConfigLoader.parse("site=\"s\"\ngateway=\"g\"\n", "t");
    assertEquals(new GatewayConfig.BluezoneIos(false, 30, 10), dflt.radio().bluezoneIos());
    GatewayConfig on = ConfigLoader.parse(
        "site=\"s\"\ngateway=\"g\"\n[radio.bluezone_ios]\nread_ids=true\nmax_per_minute=5\nconnect_timeout_seconds=3\n", "t");
    assertEquals(new GatewayConfig.BluezoneIos(true, 5, 3), on.radio().bluezoneIos());
    assertEquals(
        List.of("radio.bluezone_ios.read_ids can be true only with radio.source = \"bluez\" (TinyB cannot bound a GATT"
            + " connection to connect_timeout_seconds), was true"),
        problems("site=\"s\"\ngateway=\"g\"\n[radio]\nsource=\"tinyb\"\n[radio.bluezone_ios]\nread_ids=true\n"));
    List<String> p = problems(
        "site=\"s\"\ngateway=\"g\"\n[radio.bluezone_ios]\nmax_per_minute=0\nconnect_timeout_seconds=31\nread=true\n");
    assertTrue(p.contains("radio.bluezone_ios.max_per_minute must be between 1 and 60, was 0"), p.toString());
    assertTrue(p.contains("radio.bluezone_ios.connect_timeout_seconds must be between 1 and 30, was 31"), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("unknown key radio.bluezone_ios.read")), p.toString());
    assertEquals(3, p.size(), p.toString());
  }

  @Test
  void parse_statusLed_pinAndPolarity() throws ConfigException {
    GatewayConfig c = ConfigLoader.parse("site=\"s\"\ngateway=\"g\"\n[status]\nled_gpio=17\nactive_low=true\n", "t");
    assertEquals(new GatewayConfig.Status(17, true), c.status());
    assertTrue(c.status().led());
  }

  @Test
  void parse_statusLed_badValues_nameKeyRuleAndValue() {
    List<String> p = problems("site=\"s\"\ngateway=\"g\"\n[status]\nled_gpio=28\nactive_low=\"yes\"\nled=1\n");
    assertTrue(p.contains("status.led_gpio must be -1 (no LED) or a BCM GPIO number from 0 to 27, was 28"), p.toString());
    assertTrue(p.contains("status.active_low must be true or false, was \"yes\""), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("unknown key status.led")), p.toString());
    assertEquals(3, p.size(), p.toString());
    assertEquals(
        List.of("status.led_gpio must be -1 (no LED) or a BCM GPIO number from 0 to 27, was -2"),
        problems("site=\"s\"\ngateway=\"g\"\n[status]\nled_gpio=-2\n"));
  }

  @Test
  void parse_unknownKey_isRejectedNamingItAndTheKnownOnes() {
    List<String> p = problems("site=\"s\"\ngateway=\"g\"\n[mqtt]\nurll=\"tcp://x:1\"\n");
    assertEquals(1, p.size(), p.toString());
    assertTrue(p.get(0).startsWith("unknown key mqtt.urll"), p.get(0));
    assertTrue(p.get(0).contains("url"), p.get(0));
  }

  @Test
  void parse_siteNamedBackend_refusedAsTheCollectorsTopicLevel() throws ConfigException {
    assertEquals(List.of("site must not be \"backend\": that topic level is the backend's collectors'"
        + " (<prefix>/backend/<collector>/health), was \"backend\""), problems("site=\"backend\"\ngateway=\"g\"\n"));
    assertEquals("Backend", ConfigLoader.parse("site=\"Backend\"\ngateway=\"g\"\n", "t").site(), "topics are case-sensitive");
    assertEquals("backend", ConfigLoader.parse("site=\"s\"\ngateway=\"backend\"\n", "t").gateway(),
        "a gateway level never meets <prefix>/backend/...");
  }

  @Test
  void parse_badValues_reportsEveryProblemWithKeyRuleAndValue() {
    List<String> p =
        problems("site=\"s/1\"\n[buckets]\nminutes=7\n[mqtt]\nurl=\"http://x\"\nmax_inflight=0\n[radio]\nsource=\"usb\"\n");
    assertTrue(p.contains("site must be 1-64 characters from A-Z a-z 0-9 . _ -, was \"s/1\""), p.toString());
    assertTrue(p.contains("gateway is required, was missing"), p.toString());
    assertTrue(p.contains("buckets.minutes must divide 1440 (a UTC day) evenly, e.g. 10, 15, 30, 60, was 7"), p.toString());
    assertTrue(p.contains("mqtt.url must look like tcp://host:port or ssl://host:port, was \"http://x\""), p.toString());
    assertTrue(p.contains("mqtt.max_inflight must be between 1 and 1000, was 0"), p.toString());
    assertTrue(p.contains("radio.source must be one of bluez, tinyb, replay, simulator, was \"usb\""), p.toString());
    assertEquals(6, p.size(), p.toString());
  }

  @Test
  void parse_wrongType_namesTheExpectedType() {
    List<String> p = problems("site=\"s\"\ngateway=\"g\"\n[buckets]\nminutes=\"30\"\n");
    assertEquals(List.of("buckets.minutes must be a whole number, was \"30\""), p);
  }

  @Test
  void parse_certWithoutKeyOrTlsOnPlainUrl_isRejected() {
    List<String> p = problems("site=\"s\"\ngateway=\"g\"\n[mqtt]\nurl=\"tcp://b:1883\"\ncert_file=\"/c.pem\"\n");
    assertTrue(p.stream().anyMatch(s -> s.startsWith("mqtt.cert_file and mqtt.key_file must be given together")), p.toString());
    assertTrue(p.stream().anyMatch(s -> s.startsWith("mqtt.url must start with ssl://")), p.toString());
  }

  @Test
  void parse_notToml_saysWhere() {
    List<String> p = problems("site = \"s\"\ngateway = = \"g\"\n");
    assertEquals(1, p.size());
    assertTrue(p.get(0).startsWith("test.toml is not valid TOML at line 2"), p.get(0));
  }

  @Test
  void load_missingFile_saysSo() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(Path.of("/nonexistent/g.toml")));
    assertEquals("config file /nonexistent/g.toml does not exist", e.getMessage());
  }
}
