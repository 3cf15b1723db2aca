// Measures @medplum/hl7's HL7 v2 parser (Hl7Message.parse from @medplum/core, which @medplum/hl7 depends on) on one
// message file: parse + read every field, component and subcomponent, repeated. Usage: node medplum-hl7-bench.mjs FILE [--seconds N]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.HF_HL7_PEERS_DIR;
const require = createRequire(join(dir, 'node_modules', 'noop.js'));
let Hl7Message;
try { ({ Hl7Message } = require('@medplum/hl7')); } catch { /* not re-exported */ }
if (!Hl7Message) ({ Hl7Message } = require('@medplum/core'));

const file = process.argv[2];
const seconds = Number(process.argv.includes('--seconds') ? process.argv[process.argv.indexOf('--seconds') + 1] : 5);
const text = readFileSync(file, 'utf8');

function readAll() {
  const msg = Hl7Message.parse(text);
  let total = 0;
  for (const seg of msg.segments) {
    for (const field of seg.fields) {
      for (const rep of field.components) {
        for (const comp of rep) {
          total += comp.length;
        }
      }
    }
  }
  return total;
}

let sink = 0;
const warmEnd = performance.now() + 1000;
while (performance.now() < warmEnd) sink += readAll();
let n = 0;
const start = performance.now();
const end = start + seconds * 1000;
while (performance.now() < end) {
  for (let i = 0; i < 1000; i++) sink += readAll();
  n += 1000;
}
const elapsed = (performance.now() - start) / 1000;
console.log(JSON.stringify({ peer: '@medplum/hl7 (Hl7Message.parse)', node: process.version, messages: n, seconds: elapsed, messagesPerSecond: Math.round(n / elapsed), microsecondsPerMessage: (elapsed * 1e6 / n).toFixed(2), sink: sink > 0 }));
