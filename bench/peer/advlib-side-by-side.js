// Feeds every advertising report of a capture written by `proximity-gateway simulate` (pcap, link
// type 201: HCI LE Advertising Report events) to reelyActive's advlib-ble, the open-source advertising
// data parser, and prints how many it decoded per second of wall and of CPU time.
// Usage (docs/benchmarks.md#side-by-side-with-a-peers-parser):
//   npm install --prefix bench/peer advlib-ble@1.4.2
//   node bench/peer/advlib-side-by-side.js station.pcap
'use strict';
const fs = require('fs');
const path = require('path');
const advlib = require(path.join(__dirname, 'node_modules', 'advlib-ble'));

const PCAP_HEADER = 24;
const RECORD_HEADER = 16;
const H4_PHDR = 4; // big-endian direction before the H4 packet type

/** The advertising data of each report, as Buffers over the file (no copies). */
function reports(file) {
  const b = fs.readFileSync(file);
  if (b.length < PCAP_HEADER || b.readUInt32LE(0) !== 0xa1b2c3d4 || b.readUInt32LE(20) !== 201) {
    throw new Error(file + ': not a little-endian microsecond pcap of link type 201');
  }
  const out = [];
  let skipped = 0;
  for (let at = PCAP_HEADER; at + RECORD_HEADER <= b.length;) {
    const length = b.readUInt32LE(at + 8);
    const frame = at + RECORD_HEADER;
    at = frame + length;
    if (at > b.length) {
      break; // a cut-off last record
    }
    // H4 type 0x04 (event), LE Meta event 0x3E, sub-event 0x02 (advertising report), one report
    if (length < H4_PHDR + 15 || b[frame + 4] !== 0x04 || b[frame + 5] !== 0x3e || b[frame + 7] !== 0x02 || b[frame + 8] !== 1) {
      skipped++;
      continue;
    }
    const dataLength = b[frame + 17];
    if (H4_PHDR + 14 + dataLength + 1 > length) {
      skipped++;
      continue;
    }
    out.push(b.subarray(frame + 18, frame + 18 + dataLength));
  }
  return { out, skipped };
}

const file = process.argv[2];
if (!file) {
  console.error('usage: node advlib-side-by-side.js CAPTURE.pcap');
  process.exit(2);
}
const { out, skipped } = reports(file);
const options = { isPayloadOnly: true };
// one untimed pass so that the JIT has compiled the parser, as the Java figures are past warm-up
for (let i = 0; i < Math.min(out.length, 100000); i++) {
  advlib.process(out[i], [], options);
}
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
let decoded = 0;
for (const data of out) {
  if (advlib.process(data, [], options) !== null) {
    decoded++;
  }
}
const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
const cpu = process.cpuUsage(cpu0);
const cpuS = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({
  parser: 'advlib-ble ' + require(path.join(__dirname, 'node_modules', 'advlib-ble', 'package.json')).version,
  reports: out.length, skipped, decoded, wall_s: wallS, cpu_s: cpuS,
  decoded_per_s: Math.round(decoded / wallS), decoded_per_cpu_s: Math.round(decoded / cpuS),
}));
