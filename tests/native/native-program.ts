// Compiles one of infra/mediasoup's C/C++ test programs with the machine's
// cc/c++ and pkg-config into a temporary folder, and runs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MEDIASOUP_INFRA = fileURLToPath(new URL('../../infra/mediasoup/', import.meta.url));

export interface NativeProgram {
  /** cc for C, c++ for C++. */
  compiler: 'cc' | 'c++';
  std: string;
  /** Paths relative to infra/mediasoup. */
  sources: string[];
  includeDirs: string[];
  pkgConfig: string[];
}

export interface ProgramRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CaseSummary {
  passed: number;
  total: number;
  okLines: string[];
  notOkLines: string[];
}

function pkgConfigFlags(packages: string[]): string[] {
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', ...packages], { encoding: 'utf8' });
  return flags.split(/\s+/).filter(Boolean);
}

export class BuiltProgram {
  private constructor(
    private readonly dir: string,
    readonly binary: string,
  ) {}

  static compile(name: string, program: NativeProgram): BuiltProgram {
    const dir = mkdtempSync(path.join(tmpdir(), `oac-native-${name}-`));
    const binary = path.join(dir, name);
    const args = [
      `-std=${program.std}`,
      '-O2',
      '-g',
      '-Wall',
      '-Wextra',
      ...program.includeDirs.map((d) => `-I${path.join(MEDIASOUP_INFRA, d)}`),
      ...program.sources.map((s) => path.join(MEDIASOUP_INFRA, s)),
      ...pkgConfigFlags(program.pkgConfig),
      '-o',
      binary,
    ];
    execFileSync(program.compiler, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    return new BuiltProgram(dir, binary);
  }

  run(args: string[] = []): ProgramRun {
    const result = spawnSync(this.binary, args, { encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Reads the "ok N - ..." lines and the final "<name>: P/T cases passed" line. */
export function summarise(name: string, stdout: string): CaseSummary {
  const okLines = stdout.match(/^ok \d+ - .*$/gm) ?? [];
  const notOkLines = stdout.match(/^not ok \d+ - .*$/gm) ?? [];
  const summary = new RegExp(`^${name}: (\\d+)/(\\d+) cases passed$`, 'm').exec(stdout);
  if (!summary) throw new Error(`No "${name}: P/T cases passed" line in:\n${stdout}`);
  return { passed: Number(summary[1]), total: Number(summary[2]), okLines, notOkLines };
}
