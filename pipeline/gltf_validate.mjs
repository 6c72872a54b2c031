// Validate GLB files with Khronos glTF-Validator (npm package gltf-validator).
// Usage: node pipeline/gltf_validate.mjs FILE...   (reads a file list on stdin if none given)
// Prints one JSON object: {path: {errors, warnings, infos, messages: [{code, message, severity, pointer}]}}
import { readFile } from 'node:fs/promises';
import validator from 'gltf-validator';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await readStdin();
const results = {};
for (const file of files) {
  try {
    const bytes = new Uint8Array(await readFile(file));
    const report = await validator.validateBytes(bytes, {
      uri: file,
      maxIssues: 50,
      externalResourceFunction: () => Promise.reject(new Error('external resources are not allowed')),
    });
    const issues = report.issues;
    results[file] = {
      errors: issues.numErrors, warnings: issues.numWarnings, infos: issues.numInfos,
      messages: issues.messages.map((m) => ({ code: m.code, message: m.message, severity: m.severity, pointer: m.pointer })),
    };
  } catch (error) {
    results[file] = { errors: 1, warnings: 0, infos: 0, messages: [{ code: 'UNREADABLE', message: String(error), severity: 0 }] };
  }
}
process.stdout.write(JSON.stringify(results));
