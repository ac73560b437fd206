import { relative } from 'node:path'
import fc from 'fast-check'
import { expect } from 'vitest'

/**
 * Every fast-check property of a run draws from one seed: XUEFA_FUZZ_SEED, or a fixed default, so that a run is
 * repeatable; a failure says how to replay it.
 */
const seed = Number(process.env.XUEFA_FUZZ_SEED ?? 20240304)
if (!Number.isSafeInteger(seed)) throw new Error(`XUEFA_FUZZ_SEED must be a whole number, got "${process.env.XUEFA_FUZZ_SEED}"`)

fc.configureGlobal({ seed })
// files share one module graph per worker (isolate: false): the plugin is installed once per worker, not per file
const installed = Symbol.for('xuefa.fuzzReplayPlugin')
const marks = globalThis as { [installed]?: true }
if (!marks[installed]) {
  marks[installed] = true
  fc.installGlobalPlugin(() => ({
    onAllRunsComplete(details) {
      if (!details.failed) return
      const file = relative(process.cwd(), expect.getState().testPath ?? '<the test file>')
      throw new Error(`${fc.defaultReportMessage(details)}\n\nReplay: XUEFA_FUZZ_SEED=${details.seed} npx vitest run ${file}`)
    },
  }))
}
