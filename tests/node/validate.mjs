// Validate BPMN 2.0 files the way other tools will read them.
//
//   node validate.mjs [--lint] FILE...
//
// Every file is parsed with bpmn-moddle (the parser of bpmn.io / Camunda Modeler); any
// warning (unknown element or attribute, unresolved reference) or error is printed and
// makes the exit code 1. With --lint the files are also checked with bpmnlint's
// "recommended" rules, as .bpmnlintrc in this folder names them (stock, none off).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BpmnModdle } from 'bpmn-moddle';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

async function lint(rootElement) {
  const { Linter } = require('bpmnlint');
  const NodeResolver = require('bpmnlint/lib/resolver/node-resolver');
  const config = JSON.parse(await readFile(join(here, '.bpmnlintrc'), 'utf8'));
  const linter = new Linter({ config, resolver: new NodeResolver() });
  const reports = await linter.lint(rootElement);
  const problems = [];
  for (const [rule, entries] of Object.entries(reports)) {
    for (const entry of entries) {
      problems.push(`${rule}: ${entry.id || ''} ${entry.message}`);
    }
  }
  return problems;
}

const args = process.argv.slice(2);
const withLint = args.includes('--lint');
const files = args.filter((arg) => arg !== '--lint');
if (files.length === 0) {
  console.error('usage: node validate.mjs [--lint] FILE...');
  process.exit(2);
}

let failed = false;
for (const file of files) {
  const moddle = new BpmnModdle();
  try {
    const xml = await readFile(file, 'utf8');
    const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
    for (const warning of warnings) {
      failed = true;
      console.log(`${file}: warning: ${warning.message}`);
    }
    if (withLint) {
      for (const problem of await lint(rootElement)) {
        failed = true;
        console.log(`${file}: lint: ${problem}`);
      }
    }
  } catch (error) {
    failed = true;
    console.log(`${file}: error: ${error.message}`);
  }
}
process.exit(failed ? 1 : 0);
