import { ParsedStage } from '../dockerfile';
import { lastAtOrBefore } from '../lastAtOrBefore';

/** ENV and ARG entries of a stage by name, each list in instruction order. */
interface StageNames {
  env: Map<string, ParsedStage['env']>;
  args: Map<string, ParsedStage['args']>;
}

function entriesByName<T extends { name: string }>(
  entries: T[],
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const entry of entries) {
    const named = map.get(entry.name);
    if (named) named.push(entry);
    else map.set(entry.name, [entry]);
  }
  return map;
}

export interface Substituted {
  value: string;
  /** The ARGs whose values were used. */
  args: Array<{ name: string; defaultValue?: string }>;
  /** Variables neither ARG nor ENV sets. */
  unresolved: string[];
}

/** `$VAR` / `${VAR}` / `${VAR:-default}` in a stage, by the ARG and ENV values in effect at a line. */
export class StageVariables {
  private readonly namesByStage = new Map<ParsedStage, StageNames>();

  /** A stage's ENV and ARG entries by name (looked up per `$VAR`). */
  private stageNames(stage: ParsedStage): StageNames {
    let names = this.namesByStage.get(stage);
    if (!names) {
      names = {
        env: entriesByName(stage.env),
        args: entriesByName(stage.args),
      };
      this.namesByStage.set(stage, names);
    }
    return names;
  }

  substitute(stage: ParsedStage, text: string, line: number): Substituted {
    const args: Array<{ name: string; defaultValue?: string }> = [];
    const unresolved: string[] = [];
    const value = text.replace(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}?/g,
      (whole, name: string, fallback?: string) => {
        const env = lastAtOrBefore(this.stageNames(stage).env.get(name), line);
        const arg = lastAtOrBefore(this.stageNames(stage).args.get(name), line);
        if (arg && (!env || arg.line > env.line)) {
          args.push(arg);
          return arg.defaultValue ?? fallback ?? whole;
        }
        if (env) return env.value;
        unresolved.push(name);
        return fallback ?? whole;
      },
    );
    return { value, args, unresolved };
  }
}
