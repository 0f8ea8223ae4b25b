import { DockerCopy, RepositoryEvidence } from '../../types';
import { baseName, dirName } from '../paths';
import {
  CommandTarget,
  commandTargets,
  SERVER_LAUNCHERS,
} from './commandLines';
import { isTestModule, PythonProject } from './pythonProject';
import { BentoService, bentoServices } from './bentoServices';
import {
  applicationFolder,
  serveConfigs,
  settingsPerDeployment,
} from '../context/rayServeConfigs';
import { LAMBDA_RUNTIME, lambdaHandlerOf } from '../docker/lambdaHandler';
import { COG_RUNTIME, cogPredictor, isCogConfig } from '../docker/cogImage';
import { flyStarts, isFlyConfig } from '../context/flyMachines';
import { copiedCommandModule } from './copiedCommandModule';
import {
  AZURE_ML_CALLS,
  AZURE_ML_RUNTIME,
  azureMlEntryScripts,
} from './azureMlEntryScripts';
import { azureMlPythonEntryScripts } from './azureMlPythonEntryScripts';
import {
  SERVING_HINT,
  SERVER_WORD,
  startsServer,
  trains,
  importsServingFramework,
} from './servingCode';
import { bentoService, consoleScripts, resolveFile } from './startCommandFiles';

/**
 * The Python processes a repository starts: from the commands that start
 * its containers (Dockerfile `CMD`/`ENTRYPOINT`, compose and Kubernetes
 * commands, the start scripts they call, a Procfile, a bentofile), from
 * modules that start a server themselves (`uvicorn.run(…)` under
 * `if __name__ == "__main__":`). Each process is its entry module and the
 * modules it imports. (Scripts a Dockerfile runs during the build are the
 * image analysis's business: they fetch what the image holds.)
 */
export interface PythonProcess {
  /** Where it is started: the command's file and line, or the module's `__main__` block. */
  path: string;
  line: number;
  command: string;
  /** The module it runs. */
  entry: string;
  /** It serves requests (a server launcher, or it imports a serving framework). */
  serving: boolean;
  /**
   * It is started by a server launcher or its code imports a serving
   * framework: a server, not only a container's start command that does
   * not train (which may be a batch job).
   */
  server: boolean;
  /** Its modules: the entry and every project module it imports, transitively. */
  modules: Set<string>;
  /** The entry runs as `__main__` (`python app.py`, `python -m pkg`), so its `if __name__ == "__main__":` block runs. */
  main: boolean;
  /** The one BentoML service it starts, when its module defines several. */
  service?: BentoService;
  /**
   * The modules of each part it deploys side by side, when it deploys
   * several (the applications of a Ray Serve config, each configured on
   * its own): models are told apart per part.
   */
  parts?: Array<Set<string>>;
  /**
   * The `user_config` keys the deployments of a Ray Serve config set to
   * different values, with those values (see `settingsPerDeployment`).
   */
  deploymentSettings?: ReadonlyMap<string, readonly string[]>;
  /**
   * Functions of the entry the platform calls itself (Azure ML's `init`
   * and `run`): they run even when the module's `__main__` block also
   * calls them to try the script out.
   */
  platformCalls?: readonly string[];
}

export interface ProcessSearch {
  processes: PythonProcess[];
  /** A start command runs a server that is not Python code of the repository (TorchServe, Triton…). */
  otherServer: boolean;
  /** Nothing says how the code is started: no start command, no self-starting module, no serving code. */
  unknown: boolean;
}
const MAX_SCRIPT_DEPTH = 2;
interface Started {
  path: string;
  line: number;
  command: string;
  target: CommandTarget;
  near: string;
  platformCalls?: readonly string[];
}

export function findProcesses(
  evidence: RepositoryEvidence,
  project: PythonProject,
  textOf: (path: string) => string | undefined,
): ProcessSearch {
  const started: Started[] = [];
  /** The final stage's COPY steps of each Dockerfile: where its start command's module comes from. */
  const imageCopies = new Map<string, DockerCopy[]>();
  let commands = 0;
  const collect = (
    path: string,
    line: number,
    command: string,
    env: ReadonlyMap<string, string>,
    depth = 0,
  ) => {
    commands++;
    for (const target of commandTargets(command, env)) {
      if (target.kind === 'shell-script') {
        const script = resolveFile(
          project,
          textOf,
          target.script,
          dirName(path),
        );
        if (!script || depth >= MAX_SCRIPT_DEPTH) continue;
        const text = textOf(script) ?? '';
        text.split('\n').forEach((scriptLine, i) => {
          if (/^\s*(#|$)/.test(scriptLine)) return;
          collect(script, i + 1, scriptLine, env, depth + 1);
        });
        continue;
      }
      started.push({
        path,
        line,
        command: command.trim().slice(0, 200),
        target,
        near:
          target.kind === 'module' || target.kind === 'script'
            ? [dirName(path), target.folder].filter(Boolean).join('/')
            : dirName(path),
      });
    }
  };

  for (const dockerfile of evidence.dockerfiles) {
    const stages = dockerfile.stages;
    const final = stages[stages.length - 1];
    const lambda = lambdaHandlerOf(dockerfile);
    const cogText = isCogConfig(dockerfile.path)
      ? textOf(dockerfile.path)
      : undefined;
    const predictor =
      cogText !== undefined
        ? cogPredictor(dockerfile.path, cogText)
        : undefined;
    if (predictor) {
      // Cog's server imports the predictor's script from the project folder.
      started.push({
        path: dockerfile.path,
        line: predictor.line,
        command: `Cog predictor ${predictor.script}`,
        target: {
          kind: 'script',
          script: predictor.script,
          launcher: COG_RUNTIME,
        },
        near: dirName(dockerfile.path),
      });
    } else if (lambda && final) {
      // The Lambda runtime imports the handler's module from the task root.
      imageCopies.set(dockerfile.path, final.copies);
      started.push({
        path: dockerfile.path,
        line: lambda.line,
        command: `AWS Lambda handler ${lambda.handler}`,
        target: {
          kind: 'module',
          module: lambda.module,
          launcher: LAMBDA_RUNTIME,
        },
        near: dirName(dockerfile.path),
      });
    } else if (final?.command) {
      imageCopies.set(dockerfile.path, final.copies);
      const env = new Map(final.env.map(e => [e.name, e.value]));
      collect(dockerfile.path, final.command.line, final.command.value, env);
    }
  }
  for (const workload of evidence.workloads) {
    if (workload.kind === 'Job' || workload.kind === 'CronJob') continue;
    for (const container of workload.containers) {
      if (!container.command || container.sidecar) continue;
      const env = new Map(
        container.env
          .filter(e => e.value !== undefined)
          .map(e => [e.name, e.value!]),
      );
      collect(
        workload.path,
        container.line ?? workload.line ?? 1,
        container.command,
        env,
      );
    }
  }
  for (const path of project.files) {
    const name = baseName(path);
    if (/^bentofile\.ya?ml$/.test(name)) {
      // `bentoml build` packs the service it names, and `bentoml serve` runs it.
      started.push({
        path,
        line: 1,
        command: `bentoml serve (${path})`,
        target: { kind: 'bentofile', launcher: 'bentoml' },
        near: dirName(path),
      });
      continue;
    }
    if (isFlyConfig(path)) {
      const text = textOf(path);
      if (text === undefined) continue;
      for (const start of flyStarts(path, text, textOf)) {
        // A machine read as a workload is read with the workloads above.
        if (
          start.command === undefined ||
          evidence.workloads.some(w => w.path === path && w.line === start.line)
        )
          continue;
        const env = new Map(start.env.map(e => [e.name, e.value ?? '']));
        collect(path, start.line, start.command, env);
      }
      continue;
    }
    if (name !== 'Procfile') continue;
    const text = textOf(path);
    if (text === undefined) continue;
    text.split('\n').forEach((line, i) => {
      const process = /^\s*([\w-]+)\s*:\s*(?=\S|\s$)(.+)$/.exec(line);
      if (process && process[1] !== 'release') {
        collect(path, i + 1, process[2], new Map());
      }
    });
  }

  // Scoring scripts Azure ML's inference server runs (`init()` at start).
  for (const entry of [
    ...azureMlEntryScripts(project.files, textOf),
    ...azureMlPythonEntryScripts(project),
  ]) {
    started.push({
      path: entry.path,
      line: entry.line,
      command: `Azure ML scoring script ${entry.script}`,
      target: {
        kind: 'script',
        script: entry.script,
        launcher: AZURE_ML_RUNTIME,
      },
      near: entry.near,
      platformCalls: AZURE_ML_CALLS,
    });
  }

  const processes: PythonProcess[] = [];
  let otherServer = false;
  const seen = new Set<string>();
  const add = (
    process: Omit<
      PythonProcess,
      'modules' | 'serving' | 'server' | 'main' | 'parts'
    >,
    launcher?: string,
    /** The modules it starts from, per part it deploys (the applications of a Ray Serve config). */
    parts = [[process.entry]],
  ) => {
    const key = `${process.entry}:${process.service?.name ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    const modules = project.reachableFrom(parts.flat());
    const entry = project.module(process.entry);
    const server =
      (launcher !== undefined &&
        (SERVER_LAUNCHERS.has(launcher) ||
          launcher === LAMBDA_RUNTIME ||
          launcher === COG_RUNTIME ||
          launcher === AZURE_ML_RUNTIME)) ||
      [...modules].some(m => {
        const module = project.module(m);
        return module ? importsServingFramework(module) : false;
      });
    const serving =
      server ||
      // A container's own start command serves, unless it trains.
      ((launcher === 'python' || launcher === 'console-script') &&
        entry !== undefined &&
        !trains(entry));
    const main = launcher === undefined || launcher === 'python';
    processes.push({
      ...process,
      modules,
      serving,
      server,
      main,
      ...(parts.length > 1 && {
        parts: parts.map(roots => project.reachableFrom(roots)),
      }),
    });
  };

  let scripts: ReturnType<typeof consoleScripts> | undefined;
  for (const start of started) {
    const target = start.target;
    if (target.kind === 'other-server') {
      otherServer = true;
      continue;
    }
    let entry: string | undefined;
    let launcher: string | undefined;
    let service: string | undefined;
    if (target.kind === 'module') {
      const copies = imageCopies.get(start.path);
      entry =
        project.resolveCommandModule(target.module, start.near) ??
        (copies &&
          copiedCommandModule(project, target.module, copies, start.near));
      launcher = target.launcher;
      service = target.service;
    } else if (target.kind === 'script') {
      entry = project.resolveScript(target.script, start.near);
      launcher = target.launcher;
      service = target.service;
    } else if (target.kind === 'inline') {
      entry = project.addInline(`${start.path}:${start.line}`, target.code);
    } else if (target.kind === 'bentofile') {
      const bento = bentoService(project, textOf, start.near);
      entry = bento?.path;
      service = bento?.service;
      launcher = target.launcher;
    } else if (target.kind === 'console-script') {
      scripts ??= consoleScripts(project, textOf);
      const script = scripts.get(target.name);
      entry = script
        ? project.resolveCommandModule(script.module, script.near)
        : undefined;
      launcher = 'console-script';
    }
    if (!entry) continue;
    const base = {
      path: start.path,
      line: start.line,
      command: start.command,
      entry,
      ...(start.platformCalls && { platformCalls: start.platformCalls }),
    };
    const services = service ? bentoServices(project, entry) : [];
    const chosen = services.find(s => s.name === service);
    if (chosen) {
      add({ ...base, service: chosen }, launcher);
    } else if (service?.startsWith('$') && services.length > 0) {
      // A variable names the service: each container starts one of them.
      for (const one of services) {
        add(
          {
            ...base,
            command: `${base.command} (as ${one.name})`,
            service: one,
          },
          launcher,
        );
      }
    } else {
      add(base, launcher);
    }
  }

  // Ray Serve configs: the applications of one config share a Ray cluster.
  for (const config of serveConfigs(project.files, textOf)) {
    const entries = config.applications.flatMap(application => {
      const folder = applicationFolder(config, application);
      const path = project.resolveCommandModule(application.module, folder);
      // Modules its configuration names by import path are imported too.
      const configured = (application.configured ?? []).flatMap(
        module => project.resolveCommandModule(module, folder) ?? [],
      );
      return path ? [{ application, path, roots: [path, ...configured] }] : [];
    });
    if (entries.length === 0) continue;
    const named = entries
      .map(
        e =>
          `${e.application.name} (${e.application.path ?? config.path}:${
            e.application.line
          })`,
      )
      .join(', ');
    const deploymentSettings = settingsPerDeployment(config);
    add(
      {
        path: config.path,
        line: config.line,
        command: `${config.description} deploying ${named}`,
        entry: entries[0].path,
        ...(deploymentSettings.size > 0 && { deploymentSettings }),
      },
      'serve',
      entries.map(e => e.roots),
    );
  }

  // Modules that start a server themselves. When the containers' start
  // commands already start a server, an example server of a vendored
  // project (a folder with a licence of its own) that none of them runs is
  // not deployed.
  const servingCode = project
    .mentioning(SERVING_HINT)
    .filter(path => !isTestModule(path))
    .sort();
  const deployed = processes.filter(p => p.serving);
  const vendored = vendoredFolders(project.files);
  for (const path of servingCode) {
    if (
      deployed.length > 0 &&
      !deployed.some(p => p.modules.has(path)) &&
      vendored.some(folder => path.startsWith(`${folder}/`))
    )
      continue;
    if (!SERVER_WORD.test(project.text(path) ?? '')) continue;
    const module = project.module(path);
    if (!module || !startsServer(project, module)) continue;
    add({
      path,
      line: module.mainGuardLine ?? 1,
      command: `python ${path}`,
      entry: path,
    });
  }

  if (processes.some(p => p.serving)) {
    return { processes, otherServer, unknown: false };
  }
  // No start command names Python code that serves: serving-looking modules are the roots.
  const serving = servingCode.filter(path => {
    const module = project.module(path);
    return module ? importsServingFramework(module) : false;
  });
  const imported = new Set(serving.flatMap(path => project.importsOf(path)));
  for (const root of serving.filter(path => !imported.has(path))) {
    add(
      {
        path: root,
        line: 1,
        command: `${root} (serving code)`,
        entry: root,
      },
      'serving code',
    );
  }
  return {
    processes,
    otherServer,
    unknown: !processes.some(p => p.serving) && !otherServer && commands === 0,
  };
}

/** A licence file: a folder holding one (below the root) is a vendored project. */
const LICENCE_FILE = /^(?:LICEN[CS]E|COPYING)(?:\.(?:md|txt|rst))?$/i;

/** Folders below the root that carry a licence of their own (vendored projects). */
function vendoredFolders(files: Iterable<string>): string[] {
  const folders: string[] = [];
  for (const file of files) {
    const folder = dirName(file);
    if (folder && LICENCE_FILE.test(baseName(file))) folders.push(folder);
  }
  return folders;
}
