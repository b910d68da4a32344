export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin?: NodeJS.ReadableStream;
}

export async function main(argv: string[], io: CliIO): Promise<number> {
  io.stderr(`netpol-lab: not implemented yet (${argv.join(' ')})\n`);
  return 2;
}
