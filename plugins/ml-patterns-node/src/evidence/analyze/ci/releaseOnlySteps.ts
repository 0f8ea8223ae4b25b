import { parseShellScript } from '../shell/shellScript';
import {
  ReleasePart,
  releaseCommandPart,
  shortRelease,
} from './imageReleaseSteps';

/** Why a CI configuration checks no proposed change, at its deciding line. */
export interface ReleaseOnlyFinding {
  line: number;
  reason: string;
}

/** A step that builds, pushes or deploys an image, where it is written. */
export interface Released {
  line: number;
  what: string;
}

/** Most shell commands read from one configuration; beyond, it is taken to check something. */
const MAX_COMMANDS = 2000;

/**
 * What the steps of one CI configuration do, read step by step in any CI
 * system: the image builds, pushes and deployments seen, and whether some
 * step may check something (`imageReleaseSteps.ts`). Once one may, the
 * rest need not be read.
 */
export class ReleaseSteps {
  readonly released: Released[] = [];
  private checks = false;
  private budget = MAX_COMMANDS;

  /** Some step may check something (or could not be read). */
  get mayCheck(): boolean {
    return this.checks;
  }

  /** A step known only by its part (a plugin, an orb, a task), at its line. */
  step(part: ReleasePart, line: number, what: string): void {
    if (part === 'other') this.checks = true;
    else if (part === 'release') this.released.push({ line, what });
  }

  /** A step that may check something. */
  other(): void {
    this.checks = true;
  }

  /** A shell script whose first line is `firstLine`, command by command. */
  script(text: string, firstLine: number): void {
    if (this.checks) return;
    for (const command of parseShellScript(text, { firstLine }).commands) {
      if (--this.budget < 0) {
        this.checks = true;
        return;
      }
      const part = releaseCommandPart(command);
      this.step(part, command.line, shortRelease(command.words));
      if (this.checks) return;
    }
  }
}

/**
 * Why a configuration whose every step builds, pushes or deploys an image
 * (or prepares that), and runs only after a change has landed, checks
 * nothing about a change: at its first release step. Undefined when some
 * step may check something or none releases.
 */
export function releasedAfterLanding(
  steps: ReleaseSteps,
): ReleaseOnlyFinding | undefined {
  if (steps.mayCheck || steps.released.length === 0) return undefined;
  const what = [...new Set(steps.released.map(r => r.what))]
    .slice(0, 3)
    .join(', ');
  return {
    line: steps.released[0].line,
    reason: `only builds, pushes or deploys images after a change has landed (${what}), running no tests or other checks on a proposed change`,
  };
}
