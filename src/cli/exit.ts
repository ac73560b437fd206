/** Exit codes: 1 = the input was refused (bad rows, bad arguments), 2 = bad configuration. */
export class CliExit extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message)
  }
}
