/**
 * Issue 18.3: the import reader's worker has a capped heap, and a file that runs it out of memory is refused (「超出内存
 * 上限」) instead of growing the process. At the real cap (256 MB) that takes a file far over the row limits; here the
 * cap is made small, so a modest file runs the worker out of it.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { LIMITS } from '../../src/imports/copy.zh.js'
import { capReaderHeapForTests, readImportFile } from '../../src/imports/off-thread.js'
import { csv, officialsRows } from './import-fixtures.js'

let undo: (() => void) | null = null
afterEach(() => {
  undo?.()
  undo = null
})

describe('the import reader out of memory', () => {
  it('refuses the file naming the memory limit, and reads the same file once the heap is large enough', async () => {
    const bytes = new TextEncoder().encode(csv(officialsRows(40_000)))
    const input = { kind: 'officials' as const, bytes, filename: 'officials.csv', tz: 'Asia/Shanghai', passScore: 60 }
    // 20 MB: measured, a 3,000-row file reads within 12 MB and 40,000 rows run out of 32 MB
    undo = capReaderHeapForTests(20)
    // a worker with that heap starts and reads a file larger than those read on the calling thread (128 KB) …
    const small = new TextEncoder().encode(csv(officialsRows(3_000)))
    expect(small.length).toBeGreaterThan(128 * 1024)
    const smallRead = await readImportFile({ ...input, bytes: small })
    expect(smallRead.ok && smallRead.rowCount).toBe(3_000)
    // … and runs out of it on a larger one
    expect(await readImportFile(input)).toEqual({ ok: false, problems: [{ line: 1, column: '文件', message: LIMITS.memory }] })
    undo()
    undo = null
    const read = await readImportFile(input)
    expect(read.ok && read.rowCount).toBe(40_000)
  })
})
