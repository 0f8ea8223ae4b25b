import { detectReleasePattern } from '../../../engine/releasePattern';
import { oneModelPerServerRule } from '../../../engine/rules/allInOne';
import {
  makeEvidence,
  makeInput,
} from '../../../engine/__testUtils__/factories';
import { runCheck } from '../../../engine/__testUtils__/runCheck';
import { RepositoryEvidence } from '../../types';
import { analyzeRepositoryFiles } from '../index';
import { repo, text } from '../__testUtils__/files';
import { chooseTemplateBranches } from './helmBranches';

/**
 * A chart whose server container sits in `{{ if }} … {{ else }} … {{ end }}`
 * branches deploys one of them: the branch the chart's values take is the
 * one read, and the other is an alternative, never counted with it.
 */

const CHART = 'Chart.yaml';
const chartYaml = 'apiVersion: v2\nname: serve\nversion: 0.1.0\n';

const serverTemplate = text`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: {{ .Release.Name }}-server
  spec:
    template:
      spec:
        containers:
          {{- if .Values.engine.textgen }}
          - name: server
            image: ghcr.io/huggingface/text-generation-inference:2.0.4
            args: ["--model-id", "{{ .Values.engine.hubModel }}", "--port", "80"]
          {{- else }}
          - name: server
            image: ghcr.io/ggerganov/llama.cpp:server
            env:
              - name: MODEL_PATH
                value: {{ .Values.engine.modelFile }}
          {{- end }}
`;

function scored(values: string, template = serverTemplate) {
  const evidence = analyzeRepositoryFiles(
    repo({
      [`serve/${CHART}`]: chartYaml,
      'serve/values.yaml': values,
      'serve/templates/server.yaml': template,
    }),
  );
  const check = runCheck(oneModelPerServerRule, makeInput({ evidence }));
  const release = detectReleasePattern(
    makeInput({
      evidence: makeEvidence(evidence as Partial<RepositoryEvidence>),
    }),
  );
  return {
    evidence,
    verdict: check.verdict,
    notes: check.evidence.map(e => `${e.path}:${e.line} ${e.note}`),
    pattern: release.pattern,
    atStart: release.modelLoad.map(i =>
      'path' in i ? `${i.path}:${i.line} ${i.note}` : i.note,
    ),
  };
}

describe('Helm template branches are alternatives', () => {
  it('reads the branch the default values take and counts one model', () => {
    const result = scored(text`
      engine:
        textgen: true
        hubModel: acme/chat-7b
        modelFile: /models/chat.gguf
    `);
    expect(result.evidence.workloads).toHaveLength(1);
    expect(result.evidence.workloads[0].containers.map(c => c.image)).toEqual([
      'ghcr.io/huggingface/text-generation-inference:2.0.4',
    ]);
    expect(result.verdict).toBe('pass');
    expect(result.notes).toEqual(
      expect.arrayContaining([
        'serve/templates/server.yaml:1 Deployment HELM_TEMPLATE-server loads one model',
        expect.stringMatching(
          /^serve\/templates\/server\.yaml:9 Helm template block \{\{ if \.Values\.engine\.textgen \}\}: the branch at line 9 is read by the chart's default values \(serve\/values\.yaml:2 engine\.textgen: true\); the other branches are alternatives/,
        ),
      ]),
    );
    // The branch read still tells how the model reaches the server.
    expect(result.pattern).toBe('model-load');
    expect(result.atStart.join('\n')).toMatch(
      /^serve\/templates\/server\.yaml:12 .*acme\/chat-7b/m,
    );
  });

  it('reads the else branch when the values turn the condition off', () => {
    const result = scored('engine:\n  textgen: false\n  modelFile: /m.gguf\n');
    expect(result.evidence.workloads[0].containers.map(c => c.image)).toEqual([
      'ghcr.io/ggerganov/llama.cpp:server',
    ]);
    expect(result.evidence.workloads[0].modelsLoaded).toBe(1);
    expect(result.verdict).toBe('pass');
    expect(result.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^serve\/templates\/server\.yaml:9 .*the branch at line 13 is read by the chart's default values \(serve\/values\.yaml:2 engine\.textgen: false\)/,
        ),
      ]),
    );
  });

  it('reads only the first possible branch when the values cannot tell', () => {
    const template = serverTemplate.replace(
      '.Values.engine.textgen',
      '.Capabilities.APIVersions.Has "gpu/v1"',
    );
    const result = scored('engine:\n  hubModel: acme/chat-7b\n', template);
    expect(result.evidence.workloads[0].containers).toHaveLength(1);
    expect(result.verdict).toBe('pass');
    expect(result.notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^serve\/templates\/server\.yaml:9 .*cannot be told from the chart's values: the branch at line 9, the first that could be rendered, is read; the others are alternatives to it, not deployed with it$/,
        ),
      ]),
    );
  });

  it('still counts two servers deployed side by side in one workload', () => {
    const template = text`
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: pair
      spec:
        template:
          spec:
            containers:
              - name: ranker
                image: acme/ranker:1.0
                env:
                  - name: MODEL_PATH
                    value: /models/ranker.onnx
              {{- if .Values.scorer.enabled }}
              - name: scorer
                image: acme/scorer:1.0
                env:
                  - name: MODEL_PATH
                    value: /models/scorer.onnx
              {{- end }}
    `;
    const result = scored('scorer:\n  enabled: true\n', template);
    expect(result.evidence.workloads[0].modelsLoaded).toBe(2);
    expect(result.verdict).toBe('fail');
  });

  it('leaves out a whole document its condition turns off', () => {
    const template = `{{ if not .Values.external.enabled }}\n${serverTemplate}{{ end }}\n`;
    const off = scored(
      'external:\n  enabled: true\nengine:\n  textgen: true\n',
      template,
    );
    expect(off.evidence.workloads).toEqual([]);
    const on = scored('engine:\n  textgen: true\n', template);
    expect(on.evidence.workloads).toHaveLength(1);
    // Lines stay where they are in the file.
    expect(on.evidence.workloads[0].line).toBe(2);
    expect(on.evidence.workloads[0].containers[0].line).toBe(12);
  });
});

describe('chooseTemplateBranches', () => {
  const values: Record<string, unknown> = {
    'mode.kind': 'gpu',
    'mode.fast': true,
    'mode.replicas': 0,
    'mode.unset': null,
  };
  const lookUp = (keys: string[]) => {
    const key = keys.join('.');
    return key in values
      ? { found: true as const, value: values[key], line: 3 }
      : { found: false as const };
  };
  const kept = (template: string) =>
    chooseTemplateBranches(template, lookUp, 'values.yaml')
      .text.split('\n')
      .map(line => line.trim())
      .filter(Boolean);

  it('follows else if chains, eq, ne, and, or, not and nil', () => {
    expect(
      kept(
        '{{ if eq .Values.mode.kind "cpu" }}\na\n{{ else if eq .Values.mode.kind "gpu" }}\nb\n{{ else }}\nc\n{{ end }}',
      ),
    ).toEqual(['b']);
    expect(
      kept(
        '{{- if or (not .Values.mode.fast) (eq .Values.mode.unset nil) -}}\nyes\n{{- else -}}\nno\n{{- end }}',
      ),
    ).toEqual(['yes']);
    expect(
      kept(
        '{{ if and .Values.mode.fast .Values.mode.replicas }}\na\n{{ else }}\nb\n{{ end }}',
      ),
    ).toEqual(['b']);
    expect(
      kept('{{ if ne .Values.mode.kind "gpu" }}\na\n{{ else }}\nb\n{{ end }}'),
    ).toEqual(['b']);
  });

  it('decides nested blocks inside the branch taken, and drops those inside the branch left out', () => {
    const result = chooseTemplateBranches(
      '{{ if .Values.mode.fast }}\n{{ if .Values.mode.replicas }}\na\n{{ else }}\nb\n{{ end }}\n{{ else }}\n{{ if .Values.mode.fast }}\nc\n{{ else }}\nd\n{{ end }}\n{{ end }}',
      lookUp,
      'values.yaml',
    );
    expect(result.text.split('\n').filter(l => l.trim())).toEqual(['b']);
    expect(result.text.split('\n')).toHaveLength(13);
    expect(result.choices.map(c => [c.line, c.endLine])).toEqual([
      [1, 13],
      [2, 6],
    ]);
  });

  it('keeps the first branch that could be taken when a condition cannot be told', () => {
    expect(
      kept(
        '{{ if eq .Values.mode.kind "tpu" }}\na\n{{ else if include "x" . }}\nb\n{{ else }}\nc\n{{ end }}',
      ),
    ).toEqual(['b']);
    // Inside `with`, `.` is not the chart's root: `.Values` cannot be told there.
    expect(
      kept(
        '{{ with .Values.mode }}\n{{ if .Values.mode.fast }}\na\n{{ else }}\nb\n{{ end }}\n{{ end }}',
      ),
    ).toEqual(['a']);
  });

  it('stays linear on unclosed and deeply nested blocks', () => {
    const open = '{{ if .Values.mode.fast }}\n'.repeat(20_000);
    expect(chooseTemplateBranches(open, lookUp, 'v').choices).toEqual([]);
    const nested = `${'{{ if (((((((((((((((((((( '.repeat(2000)}}}\n`;
    expect(chooseTemplateBranches(nested, lookUp, 'v').text).toBe(nested);
    const closed = '{{ if x }}a{{ else }}b{{ end }}\n'.repeat(20_000);
    expect(
      chooseTemplateBranches(closed, lookUp, 'v').text.split('\n'),
    ).toHaveLength(20_001);
  });
});
