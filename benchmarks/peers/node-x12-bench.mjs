// Measures node-x12 on an X12 file (the generated 835 of benchmarks/HealthFinance.X12.Benchmarks):
//   stream  - X12Parser as a Transform stream (non-strict, explicit delimiters) fed by fs.createReadStream,
//             counting segments and elements; end to end from opening the file.
//   parse   - new X12Parser(true).parse(text): the whole interchange object model (strict), after reading the file
//             into a string; reports the parse time and the time including the read.
// Usage: node node-x12-bench.mjs <stream|parse> <file> [--repeat N]
// Prints one JSON line per run: mode, bytes, seconds, MB/s (1 MB = 2^20 bytes), segments, peak RSS of the process so far.
import { createRequire } from 'node:module';
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import process from 'node:process';

const require = createRequire(import.meta.url);
const modulesDir = process.env.HF_PEERS_DIR ? `${process.env.HF_PEERS_DIR}/node_modules/` : '';
const { X12Parser } = require(`${modulesDir}node-x12`);
const version = require(`${modulesDir}node-x12/package.json`).version;

const [mode, file, ...rest] = process.argv.slice(2);
if (!['stream', 'parse'].includes(mode) || !file) {
  console.error('usage: node node-x12-bench.mjs <stream|parse> <file> [--repeat N]');
  process.exit(2);
}
const repeatIndex = rest.indexOf('--repeat');
const repeat = repeatIndex >= 0 ? Number.parseInt(rest[repeatIndex + 1], 10) : 1;
const bytes = statSync(file).size;

// Delimiters come from the ISA header (fixed positions), as the reader under comparison does.
function delimiters(path) {
  const fd = openSync(path, 'r');
  const isa = Buffer.alloc(106);
  readSync(fd, isa, 0, 106, 0);
  closeSync(fd);
  return {
    elementDelimiter: String.fromCharCode(isa[3]),
    repetitionDelimiter: String.fromCharCode(isa[82]),
    subElementDelimiter: String.fromCharCode(isa[104]),
    segmentTerminator: String.fromCharCode(isa[105]),
  };
}

async function runStream() {
  const options = delimiters(file);
  const start = process.hrtime.bigint();
  let segments = 0;
  let elements = 0;
  // Non-strict: in strict stream mode node-x12 re-checks the ISA length on every 64 KiB chunk and throws on the second.
  const parser = new X12Parser(false, options);
  const sink = new Writable({
    objectMode: true,
    write(segment, _encoding, callback) {
      segments += 1;
      elements += segment.elements.length;
      callback();
    },
  });
  await pipeline(createReadStream(file), parser, sink);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { segments, elements, seconds };
}

function runParse() {
  const start = process.hrtime.bigint();
  const text = readFileSync(file, 'utf8');
  const afterRead = process.hrtime.bigint();
  const interchange = new X12Parser(true).parse(text);
  const end = process.hrtime.bigint();
  let segments = 0;
  const interchanges = interchange.interchanges ?? [interchange];
  for (const ic of interchanges) {
    segments += 2;
    for (const group of ic.functionalGroups) {
      segments += 2;
      for (const transaction of group.transactions) {
        segments += 2 + transaction.segments.length;
      }
    }
  }
  return {
    segments,
    seconds: Number(end - afterRead) / 1e9,
    secondsWithRead: Number(end - start) / 1e9,
  };
}

for (let i = 0; i < repeat; i++) {
  const result = mode === 'stream' ? await runStream() : runParse();
  const mib = bytes / 1048576;
  console.log(JSON.stringify({
    peer: `node-x12@${version}`,
    node: process.version,
    mode,
    run: i + 1,
    bytes,
    ...result,
    mbPerSecond: Number((mib / result.seconds).toFixed(1)),
    ...(result.secondsWithRead ? { mbPerSecondWithRead: Number((mib / result.secondsWithRead).toFixed(1)) } : {}),
    // The kernel's high-water mark of the process (KiB), i.e. peak RSS so far.
    peakRssMiB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
  }));
}
