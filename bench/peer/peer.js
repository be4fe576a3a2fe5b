// The peer benchmark: PouchDB 9 (LevelDB adapter) replicating to express-pouchdb on loopback, fed
// the same visit records as Doorstep (bench_sync writes one visit change as JSON; every document
// here has the same fields and sizes, with fresh ids). Same steps as Doorstep: write N visits one
// by one, push N, pull N to a fresh database, a 100-record round trip device -> server -> device.
// Prints figures and "RESULT name value" lines for scripts/bench. Asserts nothing.
//
// Usage: node peer.js TEMPLATE.json N [N ...]
'use strict';
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const PouchDB = require('pouchdb');

const template = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const sizes = process.argv.slice(3).map(Number).filter((n) => n > 0);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'doorstep-peer-'));
const LocalPouch = PouchDB.defaults({ prefix: work + '/device-' });

let seq = 0;
// A visit change shaped and sized as Doorstep's (same keys, same lengths), new ids.
function visitDoc(familyId) {
  const id = crypto.randomUUID();
  const doc = JSON.parse(JSON.stringify(template));
  doc._id = id;
  doc.changeId = crypto.randomUUID();
  doc.deviceSeq = ++seq;
  doc.entityId = id;
  doc.familyId = familyId;
  doc.payload.id = id;
  doc.payload.familyId = familyId;
  return doc;
}

function ms(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function startServer() {
  const dir = path.join(work, 'server');
  fs.mkdirSync(dir);
  const child = spawn(process.execPath, [path.join(__dirname, 'server.js'), dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const m = /listening (\d+)/.exec(chunk.toString());
      if (m) resolve({ child, url: 'http://127.0.0.1:' + m[1] });
    });
    child.on('exit', (code) => reject(new Error('server exited ' + code)));
  });
}

function peakRssMib(pid) {
  try {
    const status = fs.readFileSync('/proc/' + pid + '/status', 'utf8');
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : -1;
  } catch (e) {
    return -1;
  }
}

function line(what, value, unit) {
  console.log(what.padEnd(58) + ' ' + value.toFixed(2).padStart(12) + ' ' + unit);
}

async function run(server, n) {
  const familyId = crypto.randomUUID();
  const writer = new LocalPouch('writer-' + n);
  let start = process.hrtime.bigint();
  for (let i = 0; i < n; ++i) await writer.put(visitDoc(familyId));
  const writeMs = ms(start);

  const remote = new PouchDB(server.url + '/visits-' + n);
  start = process.hrtime.bigint();
  const pushed = await writer.replicate.to(remote);
  const pushMs = ms(start);

  const reader = new LocalPouch('reader-' + n);
  start = process.hrtime.bigint();
  const pulled = await reader.replicate.from(remote);
  const pullMs = ms(start);

  console.log('\n-- ' + n + ' visits --');
  line('write ' + n + ' visits one by one, per visit', writeMs / n, 'ms');
  line('push ' + pushed.docs_written + ' docs', pushMs, 'ms');
  line('  push rate', pushed.docs_written / (pushMs / 1000), 'changes/s');
  line('pull ' + pulled.docs_written + ' docs to a fresh database', pullMs, 'ms');
  line('  pull rate', pulled.docs_written / (pullMs / 1000), 'changes/s');
  console.log('RESULT peer_write_ms_' + n + ' ' + writeMs.toFixed(1));
  console.log('RESULT peer_push_ms_' + n + ' ' + pushMs.toFixed(1));
  console.log('RESULT peer_pull_ms_' + n + ' ' + pullMs.toFixed(1));
  console.log('RESULT peer_push_rate_' + n + ' ' + (pushed.docs_written / (pushMs / 1000)).toFixed(0));
  console.log('RESULT peer_pull_rate_' + n + ' ' + (pulled.docs_written / (pullMs / 1000)).toFixed(0));
  if (pushed.docs_written !== n || pulled.docs_written !== n)
    console.log('WARNING: pushed ' + pushed.docs_written + ', pulled ' + pulled.docs_written + ' of ' + n);
  await writer.close();
  await reader.close();
}

// 100 visits written on device A, then pushed and pulled by device B, which is already in step.
async function roundTrip(server) {
  const remote = new PouchDB(server.url + '/roundtrip');
  const a = new LocalPouch('trip-a');
  const b = new LocalPouch('trip-b');
  const familyId = crypto.randomUUID();
  await a.put(visitDoc(familyId));
  await a.replicate.to(remote);
  await b.replicate.from(remote);
  const trips = [];
  for (let round = 0; round < 7; ++round) {
    for (let i = 0; i < 100; ++i) await a.put(visitDoc(familyId));
    const start = process.hrtime.bigint();
    await a.replicate.to(remote);
    const down = await b.replicate.from(remote);
    trips.push(ms(start));
    if (down.docs_written !== 100) console.log('WARNING: round trip pulled ' + down.docs_written);
  }
  trips.sort((x, y) => x - y);
  console.log('\n-- round trip --');
  line('100-record round trip device -> server -> device, median', trips[3], 'ms');
  line('  slowest of 7', trips[6], 'ms');
  console.log('RESULT peer_round_trip_ms ' + trips[3].toFixed(1));
}

async function main() {
  const server = await startServer();
  console.log('PouchDB ' + PouchDB.version + ' (LevelDB) replicating to express-pouchdb over HTTP on loopback');
  try {
    for (const n of sizes) await run(server, n);
    await roundTrip(server);
    console.log('RESULT peer_server_peak_rss_mib ' + peakRssMib(server.child.pid).toFixed(1));
  } finally {
    server.child.kill('SIGTERM');
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
