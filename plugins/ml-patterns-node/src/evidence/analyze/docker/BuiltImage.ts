import { ParsedStage } from '../dockerfile';
import { ModelFileIndex } from '../modelFiles';
import type { ScriptSave } from '../python/scriptSaves';
import { BuildFetch } from './buildFetches';
import { ImageView } from './imageCommands';
import { Substituted } from './stageVariables';

/** What the readers of an image's build need from the Dockerfile analysis. */
export interface BuiltImage extends ImageView {
  /** The build context folder (`` = root). */
  context: string;
  models: ModelFileIndex;
  /** Whether a repository path is sent to the build (not in .dockerignore). */
  shipped(repoPath: string): boolean;
  /** ARG/ENV values of the stage in effect at a line put in for `$VAR`. */
  substitute(stage: ParsedStage, text: string, line: number): Substituted;
  /** What a Python script of the repository saves when it runs (see `scriptSaves`). */
  scriptSaves(script: string): ScriptSave[];
  /** Model fetches of a RUN step. */
  fetchesOf(
    stage: ParsedStage,
    run: { command: string; line: number },
  ): BuildFetch[];
}
