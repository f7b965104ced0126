import { readdirSync } from 'node:fs';

/**
 * Keeps a shape suite honest about a fixtures folder: every JSON file in it must be read by one
 * of the suite's tests (an answer compared with it, or a request sent from it) or be listed with
 * the reason it is not, so that a file added to ../shared/fixtures cannot go unchecked.
 */
export class FixtureCoverage {
  private readonly read = new Set<string>();

  /**
   * @param dir the fixtures folder
   * @param notCompared file name -> why no test of the suite reads it
   */
  constructor(
    private readonly dir: string,
    private readonly notCompared: Readonly<Record<string, string>> = {},
  ) {}

  /** Notes that a test read the fixture `name`; returns the name. */
  use(name: string): string {
    this.read.add(name);
    return name;
  }

  /**
   * What is wrong with the coverage, as lines; [] when every file was read or is listed. Call it
   * after the suite's other tests have run.
   */
  gaps(): string[] {
    const files = readdirSync(this.dir).filter((file) => file.endsWith('.json'));
    return [
      ...files
        .filter((file) => !this.read.has(file) && !(file in this.notCompared))
        .map((file) => `${file}: neither compared nor listed with a reason`),
      ...Object.keys(this.notCompared)
        .filter((file) => this.read.has(file))
        .map((file) => `${file}: listed as not compared, yet a test read it`),
      ...Object.keys(this.notCompared)
        .filter((file) => !files.includes(file))
        .map((file) => `${file}: listed, but not in the folder`),
    ];
  }
}
