// Inside a namespace: on each stdin line, asks the kernel everything a listing needs and
// replies with one JSON line of the raw datagrams it got back (seq and port id zeroed, so two
// captures of the same state are byte-equal) and the text of /proc/net/ip_vs_conn.
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { IpvsClient } from '../../dist/netlink/index.js';

let sink = [];
const client = await IpvsClient.open({ onReceive: (d) => sink.push(d) });

function take() {
  const out = sink.map((d) => {
    const b = Buffer.from(d);
    for (let off = 0; off + 16 <= b.length; ) {
      const len = b.readUInt32LE(off);
      b.writeUInt32LE(0, off + 8); // seq
      b.writeUInt32LE(0, off + 12); // port id
      // An ACK or error quotes our request's header: its seq and port id too.
      if (b.readUInt16LE(off + 4) === 2 && len >= 36) {
        b.writeUInt32LE(0, off + 28);
        b.writeUInt32LE(0, off + 32);
      }
      if (len < 16) break;
      off += (len + 3) & ~3;
    }
    return b.toString('hex');
  });
  sink = [];
  return out;
}

async function capture() {
  sink = [];
  await client.getInfo();
  const info = take();
  const services = await client.getServices();
  const servicesRaw = take();
  const dests = [];
  for (const s of services) {
    await client.getDests(s);
    dests.push(take());
  }
  await client.getTimeouts();
  const timeouts = take();
  await client.getDaemons();
  const daemons = take();
  const conn = fs.readFileSync('/proc/net/ip_vs_conn', 'latin1');
  return { info, services: servicesRaw, dests, timeouts, daemons, conn };
}

for await (const _line of createInterface({ input: process.stdin })) {
  process.stdout.write(JSON.stringify(await capture()) + '\n');
}
client.close();
