/**
 * Runs read-file.ts in a worker thread (read-worker.ts), one per file: the thread that serves /healthz, the API, the
 * chat and the scheduler only waits for the answer. The worker's heap is capped, so a file that would take more memory
 * than an accepted one may is refused (LIMITS.memory) rather than growing the process.
 *
 * The worker runs the compiled file (dist/src/imports/read-worker.js, found from the package's root as the other
 * files shipped beside the code): production runs dist/, and the tests compile it before they start
 * (tests/setup/compiled.ts).
 */
import { Worker } from 'node:worker_threads'
import { packagePath } from '../package-root.js'
import { LIMITS } from './copy.zh.js'
import { readFile, readFileTable, type ReadFileInput, type ReadFileResult } from './read-file.js'
import type { ReadResult } from './read-table.js'
import type { WorkerTask } from './read-worker.js'

const WORKER_FILE = packagePath('dist', 'src', 'imports', 'read-worker.js')
/** files up to this size are read on the calling thread */
const IN_THREAD_BYTES = 128 * 1024
/** the worker's JavaScript heap; the file's bytes and its rows live there */
const WORKER_HEAP_MB = 256
let heapMb = WORKER_HEAP_MB

const memoryRefusal = { ok: false as const, problems: [{ line: 1, column: '文件', message: LIMITS.memory }] }

/**
 * One worker is kept between files (started on the first, ~0.1 s: the reader's code and zod loaded again), unref'd so
 * that it never keeps the process alive; files read at the same time each get one, the extra ones ended after.
 */
let idle: Worker | null = null

function take(): Worker {
  const worker = idle ?? start()
  idle = null
  worker.ref()
  return worker
}

function start(): Worker {
  const worker = new Worker(WORKER_FILE, { resourceLimits: { maxOldGenerationSizeMb: heapMb } })
  // A worker that fails or ends while idle (a stream of the file before, failing after its answer) is not kept; these
  // listeners stay, so that such an error never goes unheard (an unheard 'error' would end the process).
  const forget = () => {
    if (idle === worker) idle = null
  }
  worker.on('error', forget)
  worker.on('exit', forget)
  return worker
}

function release(worker: Worker): void {
  worker.unref()
  if (idle) void worker.terminate()
  else idle = worker
}

/**
 * Tests only: the worker's heap capped at `mb` (a small cap makes a modest file run out of it, as a huge one does at
 * 256 MB), the idle worker ended so the next file gets a worker with that cap; returns the undo.
 */
export function capReaderHeapForTests(mb: number): () => void {
  const endIdle = () => {
    if (idle) void idle.terminate()
    idle = null
  }
  heapMb = mb
  endIdle()
  return () => {
    heapMb = WORKER_HEAP_MB
    endIdle()
  }
}

async function inWorker<T>(data: WorkerTask): Promise<T> {
  // copying the file into the worker takes a moment: not in the same turn of the event loop as reading the request
  await new Promise<void>((resolve) => setImmediate(resolve))
  const worker = take()
  return new Promise<T>((resolve, reject) => {
    const done = () => {
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
    }
    const onMessage = (answer: T) => {
      done()
      release(worker)
      resolve(answer)
    }
    // a worker that fails (out of its heap) has ended: it is not kept
    const onError = (e: Error & { code?: string }) => {
      done()
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') resolve(memoryRefusal as T)
      else reject(e)
    }
    const onExit = (code: number) => {
      done()
      reject(new Error(`the import reader stopped (exit code ${code}) without an answer`))
    }
    worker.on('message', onMessage)
    worker.once('error', onError)
    worker.once('exit', onExit)
    worker.postMessage(data)
  })
}

/**
 * The file read and its rows checked, in a worker thread (the bytes are copied to it: the caller keeps them). A small
 * file is read here: starting a worker would cost more than reading it (the starter bank's 100 KB of questions, read
 * on a fresh database's first start, takes ~30 ms; the largest file read here holds the event loop about as long).
 */
export function readImportFile(input: ReadFileInput): Promise<ReadFileResult> {
  if (input.bytes.length <= IN_THREAD_BYTES) return readFile(input)
  return inWorker<ReadFileResult>({ task: 'rows', input })
}

/** The file's table only, in a worker thread (a small one here). */
export function readImportTable(input: Pick<ReadFileInput, 'kind' | 'bytes' | 'filename'>): Promise<ReadResult> {
  if (input.bytes.length <= IN_THREAD_BYTES) return readFileTable(input)
  return inWorker<ReadResult>({ task: 'table', input: { ...input, tz: 'UTC', passScore: 60 } })
}
