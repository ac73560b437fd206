/**
 * The worker thread an import file is read in (read-file.ts): started by off-thread.ts with the file in `workerData`,
 * it posts one answer and ends. Compiled as an entry of its own (scripts/compile.mjs): dist/src/imports/read-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { readFile, readFileTable, type ReadFileInput } from './read-file.js'

export interface WorkerTask {
  task: 'rows' | 'table'
  input: ReadFileInput
}

const { task, input } = workerData as WorkerTask
const answer = task === 'rows' ? await readFile(input) : await readFileTable(input)
parentPort!.postMessage(answer)
