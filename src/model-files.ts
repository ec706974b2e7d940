import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  decodeTrainedTexts,
  modelsOf,
  parseManifest,
  type ModelEntry,
  type ModelsManifest,
} from './moderation/models/model-format';
import type { TextModel } from './moderation/models/text-model';

/** Reading the shipped text models (`models/`) from disk; their format is moderation/models/model-format.ts. */

const MANIFEST = 'manifest.json';

/**
 * The `models/` folder of this installation: found by walking up from this file, so it works from
 * the sources (tests), from dist/ and in the container image alike.
 */
export function findModelsDir(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'models', MANIFEST))) return join(dir, 'models');
    if (dirname(dir) === dir) throw new Error(`no models/${MANIFEST} above ${from}`);
  }
}

export function readManifest(dir: string): ModelsManifest {
  return parseManifest(readFileSync(join(dir, MANIFEST), 'utf8'), join(dir, MANIFEST));
}

/** The models of a folder (the shipped ones by default), each weights file checked against its sha256. */
export function loadTextModels(dir = findModelsDir()): TextModel[] {
  return modelsOf(readManifest(dir), (name) => readFileSync(join(dir, name)));
}

/** The key hashes of the texts a model was trained or calibrated on, sorted. */
export function readTrainedTexts(dir: string, entry: ModelEntry): Uint32Array {
  return decodeTrainedTexts(readFileSync(join(dir, entry.trainedTextsFile)));
}
