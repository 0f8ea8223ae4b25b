/*
 * Analysis benchmark (not a test): analyses a realistic small service
 * repeatedly and a synthetic 100k-file repository tree, files already in
 * memory, and prints the time per analysis.
 *
 *   yarn bench:analyze
 */
import { RepositoryFile } from '@ml-patterns/plugin-ml-patterns-node';
import {
  analyzeRepositoryFiles,
  wantsContent,
} from '../shared/pluginInternals';

function file(path: string, text: string): RepositoryFile {
  const content = Buffer.from(text);
  return wantsContent(path, content.length)
    ? { path, size: content.length, content }
    : { path, size: content.length };
}

const python = (i: number) =>
  `import os\nimport joblib\nfrom fastapi import FastAPI\n\nMODEL_PATH = os.environ.get("MODEL_PATH_${i}", "models/m${i}.pkl")\nmodel = joblib.load(MODEL_PATH)\napp = FastAPI()\n\n${'def f(x):\n    return [y * 2 for y in range(x)]\n\n'.repeat(
    40,
  )}`;
const deployment = (i: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: svc-${i}\nspec:\n  template:\n    spec:\n      initContainers:\n        - name: fetch\n          image: google/cloud-sdk\n          command: [gsutil, cp, "$(MODEL_URI)", /models/]\n      containers:\n        - name: server\n          image: acme/svc:${i}\n          env:\n            - {name: MODEL_PATH, value: /models/m.pkl}\n          readinessProbe: {httpGet: {path: /ready, port: 8080}}\n`;
const dockerfile = `FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["uvicorn", "app:app"]\n`;

function bigTree(): RepositoryFile[] {
  const files: RepositoryFile[] = [];
  for (let i = 0; i < 100_000; i++) {
    const dir = `pkg${i % 300}/sub${i % 17}`;
    if (i % 200 === 0) files.push(file(`${dir}/service_${i}.py`, python(i)));
    else if (i % 500 === 1)
      files.push(file(`${dir}/deploy_${i}.yaml`, deployment(i)));
    else if (i % 2000 === 2) files.push(file(`${dir}/Dockerfile`, dockerfile));
    else if (i % 2000 === 3)
      files.push(
        file(`${dir}/requirements.txt`, 'fastapi==0.111.0\njoblib>=1.3\n'),
      );
    else if (i % 1000 === 4)
      files.push({ path: `${dir}/models/m${i}.pkl`, size: 1000 });
    else files.push({ path: `${dir}/data_${i}.csv`, size: 100 });
  }
  return files;
}

function measure(label: string, files: RepositoryFile[], runs: number) {
  analyzeRepositoryFiles(files);
  const start = process.hrtime.bigint();
  let evidence = analyzeRepositoryFiles(files);
  for (let i = 1; i < runs; i++) evidence = analyzeRepositoryFiles(files);
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / runs;
  const read = files.filter(f => f.content).length;
  console.log(
    `${label}: ${files.length} files (${read} read), ${ms.toFixed(
      1,
    )} ms per analysis; ` +
      `${evidence.workloads.length} workloads, ${evidence.dockerfiles.length} Dockerfiles, ` +
      `${evidence.modelLoaders.length} loaders, ${evidence.problems.length} problems; ` +
      `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`,
  );
}

const small = [
  file('Dockerfile', dockerfile),
  file('requirements.txt', 'fastapi==0.111.0\nscikit-learn==1.4.2\n'),
  file('app.py', python(1)),
  file('k8s/deployment.yaml', deployment(1)),
  file('.github/CODEOWNERS', '* @acme/ml\n'),
  file('.github/workflows/ci.yml', 'on: push\n'),
];
measure('small service', small, 200);
measure('100k-file tree', bigTree(), 3);
