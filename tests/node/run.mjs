// Run BPMN files to their end in bpmn-engine (a BPMN 2.0 execution engine).
//
//   node run.mjs FILE...
//
// Every task that waits for a person is signalled and every timer fires at once (a wait
// of days is a figure of the step table, not a delay here). Prints one JSON line per
// file: {"file", "state", "ran": [ids of the flow nodes that ran, gateways aside]}; exits
// 1 when a file cannot be run or does not reach its end within 10 seconds.
import { readFile } from 'node:fs/promises';
import { EventEmitter } from 'node:events';

import { Engine } from 'bpmn-engine';
import { Timers } from 'bpmn-elements';

async function run(file) {
  const source = await readFile(file, 'utf8');
  const listener = new EventEmitter();
  const ran = [];
  listener.on('wait', (api) => api.signal());
  listener.on('activity.end', (api) => {
    if (!api.type.endsWith('Gateway') && api.type !== 'bpmn:SequenceFlow') ran.push(api.id);
  });
  const timers = new Timers({
    setTimeout: (callback, _delay, ...args) => setTimeout(callback, 0, ...args),
    clearTimeout: (handle) => clearTimeout(handle),
  });
  const engine = new Engine({ name: file, source, timers });
  const ended = new Promise((resolve, reject) => {
    engine.once('end', resolve);
    engine.once('error', reject);
  });
  let limit;
  const late = new Promise((_resolve, reject) => {
    limit = setTimeout(() => reject(new Error('did not reach its end in 10 s')), 10000);
  });
  try {
    await engine.execute({ listener });
    await Promise.race([ended, late]);
  } finally {
    clearTimeout(limit);
  }
  return { file, state: engine.state, ran };
}

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    console.log(JSON.stringify(await run(file)));
  } catch (error) {
    failed = true;
    console.log(JSON.stringify({ file, error: error.message }));
  }
}
process.exit(failed ? 1 : 0);
