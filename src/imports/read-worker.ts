/**
 * The worker thread import files are read in (read-file.ts): started by off-thread.ts, it answers each task it is
 * posted with one message, and is kept for the next file. Compiled as an entry of its own (scripts/compile.mjs):
 * dist/src/imports/read-worker.js.
 */
import { parentPort } from 'node:worker_threads'
import { readFile, readFileTable, type ReadFileInput } from './read-file.js'

export interface WorkerTask {
  task: 'rows' | 'table'
  input: ReadFileInput
}

parentPort!.on('message', async ({ task, input }: WorkerTask) => {
  parentPort!.postMessage(task === 'rows' ? await readFile(input) : await readFileTable(input))
})
