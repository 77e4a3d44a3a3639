package org.proximity.gateway.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.proximity.contract.payload.ClockState;
import org.proximity.gateway.publish.BrokerStats;
import org.proximity.gateway.publish.KeyStats;
import org.proximity.gateway.publish.Outbox;
import org.proximity.gateway.radio.RadioHealth;
import org.proximity.gateway.radio.RadioState;

class HealthCodecTest {
  /** The example of docs/payloads.md, "health", without its line breaks. */
  private static final String DOC_EXAMPLE = """
      {"schema":"proximity-gateway/health/1","site":"ben-xe-mien-dong","gateway":"bay-03","version":"0.1.0",\
      "time":"2026-11-29T16:41:35Z","uptime_s":86400,\
      "advertisements":{"per_second":412.3,"total":35623010,\
      "by_kind":{"apple":20123456,"bluezone":1201234,"bluezone_ios":801234,"gaen":9012345,"other":4484741},\
      "malformed_by_reason":{"length_past_end":12}},\
      "pipeline":{"queue_depth":0,"tracked_ids":133,"dropped":{"queue_full":0,"outbox_bounds":0,"no_day_key":0},"internal_errors":0},\
      "outbox":{"entries":0,"bytes":0,"oldest_age_s":null,"torn_on_open":0},\
      "broker":{"connected":true,"reconnects":2,"published":1440,"rejected":0,"oversized_packets":0,"ack_timeouts":0,"stalled":false},\
      "radio":{"source":"bluez","state":"SCANNING","bluez_devices":212,"devices_removed":90311,\
      "recovery":{"discovery_restarts":0,"quiet_restarts":3,"power_cycles":0,"adapter_losses":0,"adapter_returns":0,"action_failures":0},\
      "reports_without_rssi":0},\
      "clock":{"synced":true,"source":"systemd-timesyncd"},\
      "keys":{"day":"2026-11-29","hashing":true,"file_current":true,"file_write_failures":0}}""";

  /** {@link HealthSamples#everyCounterDistinct} as JSON. */
  private static final String EVERY_FIELD = """
      {"schema":"proximity-gateway/health/1","site":"s","gateway":"g","version":"dev","time":"2026-11-29T16:41:35Z",\
      "uptime_s":61,"advertisements":{"per_second":0.0,"total":90,"by_kind":{},"malformed_by_reason":{}},\
      "pipeline":{"queue_depth":11,"tracked_ids":12,"dropped":{"queue_full":8,"outbox_bounds":13,"no_day_key":9},"internal_errors":10},\
      "outbox":{"entries":3,"bytes":3000,"oldest_age_s":125,"torn_on_open":14},\
      "broker":{"connected":false,"reconnects":1,"published":2,"rejected":3,"oversized_packets":4,"ack_timeouts":5,"stalled":true},\
      "radio":{"source":"tinyb","state":"WAITING_FOR_ADAPTER","bluez_devices":0,"devices_removed":40,\
      "recovery":{"discovery_restarts":1,"quiet_restarts":2,"power_cycles":3,"adapter_losses":4,"adapter_returns":5,"action_failures":6},\
      "reports_without_rssi":7,"bluezone_ios_reads":{"attempts":16,"reads":17,"timeouts":0,"refusals":18,"gone":0,\
      "no_characteristic":0,"invalid_value":0,"skipped":{"same_slot":19,"per_minute":20,"busy":21}}},\
      "clock":{"synced":false,"source":"none"},"keys":{"day":null,"hashing":false,"file_current":false,"file_write_failures":15}}""";

  @Test
  void encode_theDocumentedExample_byteForByte() {
    Instant time = Instant.parse("2026-11-29T16:41:35.250Z");
    RadioHealth radio = new RadioHealth("bluez", RadioState.SCANNING, new RadioHealth.Reports(35623010, 0, 0),
        new RadioHealth.DeviceCache(212, 90311, 0), new RadioHealth.Recovery(0, 3, 0, 0, 0, 0, false));
    Health h = new Health(new Health.Origin("ben-xe-mien-dong", "bay-03", "0.1.0"), time, Duration.ofDays(1),
        new Health.Advertisements(412.2549, 35623010,
            Map.of("gaen", 9012345L, "apple", 20123456L, "bluezone", 1201234L, "bluezone_ios", 801234L, "other", 4484741L),
            Map.of("length_past_end", 12L)),
        new Health.Pipeline(0, 133, 0, 0, 0), new Outbox.OutboxStats(0, 0, null, 0, 0),
        new BrokerStats(true, 2, 1440, 0, 0, 0, false), new Health.Radio("bluez", radio, null),
        new ClockState(true, "systemd-timesyncd"), new KeyStats(LocalDate.parse("2026-11-29").toEpochDay(), true, true, 0));
    assertEquals(DOC_EXAMPLE, new String(new HealthCodec().encode(h), StandardCharsets.UTF_8));
  }

  @Test
  void encode_aRadioWaitingForItsAdapter_withGattReads_aWaitingOutboxAndNoKeyYet() {
    Health h = HealthSamples.everyCounterDistinct(RadioState.WAITING_FOR_ADAPTER);
    assertEquals(EVERY_FIELD, new String(new HealthCodec().encode(h), StandardCharsets.UTF_8));
  }

  /** The schema is the contract: its list of radio states is exactly the enum's. */
  @Test
  void radioStates_areExactlyTheSchemasList() throws IOException {
    JsonNode listed = new ObjectMapper().readTree(Path.of(System.getProperty("docs.dir", "../docs"), "schema", "health.schema.json").toFile())
        .at("/properties/radio/properties/state/enum");
    List<String> names = new ArrayList<>();
    listed.forEach(n -> names.add(n.asText()));
    assertEquals(Arrays.stream(RadioState.values()).map(RadioState::name).toList(), names);
  }
}
