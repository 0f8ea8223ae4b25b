import { canonicalCallee } from './canonicalCallee';
import { exportedValue } from './exportedValues';
import type { ClassInfo, FunctionInfo } from './moduleFacts';
import type { PythonModule } from './pythonModule';
import { fieldDefaultOf, settingsKey } from './settingsFields';
import { emptyValue, Scope, unionOf, Value } from './value';
import type { ValueReader } from './values';

/** Classes deriving (here or in an imported project module) from pydantic's `BaseSettings`. */
const SETTINGS_BASE = /(?:^|\.)BaseSettings$/;

/** A function of the project, with the module defining it. */
export interface ProjectFunction {
  kind: 'function';
  module: PythonModule;
  fn: FunctionInfo;
}

/** An attribute of a class or of its instances: settings fields, class attributes, `self.x = …`. */
export function classMemberValue(
  reader: ValueReader,
  module: PythonModule,
  cls: ClassInfo,
  attribute: string,
  instance: boolean,
  depth: number,
  bound?: Scope['bound'],
): Value | undefined {
  if (depth > 14) return undefined;
  const inBody = module
    .assignmentsTo(attribute)
    .filter(a => a.cls === cls && !a.fn);
  const settings = isSettingsClass(reader, module, cls, 0);
  const values: Value[] = [];
  if (settings && inBody.length > 0) {
    values.push({
      ...emptyValue(),
      keys: [
        {
          key: settingsKey(module, cls, attribute, inBody),
          env: true,
        },
      ],
    });
  }
  for (const a of inBody) {
    if (a.kind === 'annotation' || !a.value) continue;
    const fieldDefault = settings ? fieldDefaultOf(module, a.value) : a.value;
    if (!fieldDefault) continue;
    values.push(
      reader.read(
        fieldDefault,
        { module, cls, loops: [], at: a.from },
        depth + 1,
      ),
    );
  }
  if (instance) {
    const target = `self.${attribute}`;
    for (const a of module.assignmentsTo(target)) {
      if (a.fn?.owner !== cls || !a.value) continue;
      values.push(
        reader.read(
          a.value,
          { module, fn: a.fn, cls, loops: [], at: a.from, bound },
          depth + 1,
        ),
      );
    }
  }
  if (values.length > 0) return unionOf(values);
  for (const baseClass of cls.bases) {
    const base = classNamed(reader, module, baseClass, depth);
    if (!base) continue;
    const inherited = classMemberValue(
      reader,
      base.module,
      base.cls,
      attribute,
      instance,
      depth + 1,
    );
    if (inherited) return inherited;
  }
  return undefined;
}

/** A method of a class, or one it inherits from a project base class. */
export function methodOf(
  reader: ValueReader,
  module: PythonModule,
  cls: ClassInfo,
  name: string,
  depth: number,
): ProjectFunction | undefined {
  const fn = cls.methods.get(name);
  if (fn) return { kind: 'function', module, fn };
  if (depth > 4) return undefined;
  for (const baseClass of cls.bases) {
    const base = classNamed(reader, module, baseClass, depth + 10);
    const inherited = base
      ? methodOf(reader, base.module, base.cls, name, depth + 1)
      : undefined;
    if (inherited) return inherited;
  }
  return undefined;
}

/** The project class a module calls `name` (its own, or one it imports). */
function classNamed(
  reader: ValueReader,
  module: PythonModule,
  name: string,
  depth: number,
): { module: PythonModule; cls: ClassInfo } | undefined {
  const local = module.moduleClass(name);
  if (local) return { module, cls: local };
  const value = exportedValue(reader, module, name, depth + 1);
  return value?.object?.kind === 'class'
    ? { module: value.object.module, cls: value.object.cls }
    : undefined;
}

/** A pydantic settings class: its fields are read from the environment. */
function isSettingsClass(
  reader: ValueReader,
  module: PythonModule,
  cls: ClassInfo,
  depth: number,
): boolean {
  if (depth > 4) return false;
  return cls.bases.some(base => {
    const canonical = canonicalCallee(reader.project, module, base);
    if (SETTINGS_BASE.test(canonical)) return true;
    const parent = classNamed(reader, module, base, depth + 10);
    return parent
      ? isSettingsClass(reader, parent.module, parent.cls, depth + 1)
      : false;
  });
}
