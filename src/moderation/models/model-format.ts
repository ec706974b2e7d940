import { createHash } from 'node:crypto';
import type { FeatureSpec } from './features';
import type { TextModel, TextModelName } from './text-model';
import { parseWordTags, type WordTags } from './word-tags';

/**
 * How the shipped models are stored: `manifest.json` describes every model (its data, licences,
 * hyperparameters, held-back figures) and names its weights file, quantized to 8 or 16 bits with
 * one scale, and the file of its trained texts' key hashes (what the evaluation must not score).
 */
export interface ModelEntry {
  weightsFile: string;
  weightsSha256: string;
  quantization: { bits: 8 | 16; scale: number };
  features: FeatureSpec;
  bias: number;
  platt: { a: number; b: number };
  /** Sorted 32-bit key hashes (split.ts) of every text the model learned or was calibrated on. */
  trainedTextsFile: string;
  trainedTexts: number;
  /** Everything else the trainer records: sources with sha256 and licence, hyperparameters, figures. */
  [more: string]: unknown;
}

export interface ModelsManifest {
  format: 1;
  /** How texts were split (salt, bucket bounds); with split.ts it tells which rows were held back. */
  split: { salt: string; trainBelow: number; calibrateBelow: number };
  models: Partial<Record<TextModelName, ModelEntry>>;
}

/** Quantizes weights to signed integers with one scale: weight ≈ integer × scale. */
export function encodeWeights(weights: Float32Array, bits: 8 | 16): { bytes: Buffer; scale: number } {
  let max = 0;
  for (const weight of weights) max = Math.max(max, Math.abs(weight));
  const top = bits === 8 ? 127 : 32767;
  const scale = max > 0 ? max / top : 1;
  const bytes = Buffer.alloc(weights.length * (bits / 8));
  for (let i = 0; i < weights.length; i++) {
    const value = Math.round(weights[i]! / scale);
    if (bits === 8) bytes.writeInt8(value, i);
    else bytes.writeInt16LE(value, i * 2);
  }
  return { bytes, scale };
}

/** The weights a quantized file holds. */
export function decodeWeights(bytes: Buffer, bits: 8 | 16, scale: number): Float32Array {
  const weights = new Float32Array(bytes.length / (bits / 8));
  for (let i = 0; i < weights.length; i++) {
    weights[i] = (bits === 8 ? bytes.readInt8(i) : bytes.readInt16LE(i * 2)) * scale;
  }
  return weights;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A manifest as read from its JSON, checked for the format this code reads. */
export function parseManifest(json: string, where: string): ModelsManifest {
  const manifest = JSON.parse(json) as ModelsManifest;
  if (manifest.format !== 1) throw new Error(`${where}: unknown format ${String(manifest.format)}`);
  return manifest;
}

/**
 * The models a manifest lists, their weights read by `readFile` and checked against their sha256,
 * so a truncated or swapped file fails at start rather than scoring nonsense.
 */
export function modelsOf(manifest: ModelsManifest, readFile: (name: string) => Buffer): TextModel[] {
  // Models that name the same word-tags file share one parse of it.
  const tagFiles = new Map<string, WordTags>();
  const tagsOf = (file: string) => {
    let tags = tagFiles.get(file);
    if (!tags) {
      tags = parseWordTags(readFile(file).toString('utf8'));
      tagFiles.set(file, tags);
    }
    return tags;
  };
  return Object.entries(manifest.models).map(([name, entry]) => {
    const bytes = readFile(entry.weightsFile);
    if (sha256(bytes) !== entry.weightsSha256) {
      throw new Error(`${entry.weightsFile}: its sha256 does not match the manifest`);
    }
    return {
      name: name as TextModelName,
      spec: entry.features,
      weights: decodeWeights(bytes, entry.quantization.bits, entry.quantization.scale),
      bias: entry.bias,
      platt: entry.platt,
      ...(entry.features.wordTags !== undefined ? { wordTags: tagsOf(entry.features.wordTags) } : {}),
    };
  });
}

/** The key hashes a trained-texts file holds, sorted. */
export function decodeTrainedTexts(bytes: Buffer): Uint32Array {
  const hashes = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < hashes.length; i++) hashes[i] = bytes.readUInt32LE(i * 4);
  return hashes;
}

/** The trained-texts file of a set of key hashes. */
export function encodeTrainedTexts(hashes: Iterable<number>): Buffer {
  const sorted = Uint32Array.from(new Set(hashes)).sort();
  const bytes = Buffer.alloc(sorted.length * 4);
  sorted.forEach((hash, i) => bytes.writeUInt32LE(hash, i * 4));
  return bytes;
}
