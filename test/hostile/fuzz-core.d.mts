// Types for fuzz-core.mjs (plain JavaScript so scripts/fuzz.mjs can run it without a build).
import type fastCheck from 'fast-check';
import type { Arbitrary, IPropertyWithHooks } from 'fast-check';

type FastCheck = typeof fastCheck;

export interface Seed {
  name: string;
  bytes: Uint8Array;
}

export interface FuzzEngine {
  analyzeText: (...args: any[]) => any;
  decodeSource: (bytes: Uint8Array) => any;
  index: unknown;
  categories: Set<string>;
}

export interface CheckedCase {
  name: string;
  problems: string[];
  millis: number;
  outcome?: string;
  detections?: number;
}

export type FuzzCase = Record<string, unknown>;

export declare const SOURCE_EXTENSIONS: string[];
export declare const ANALYSIS_ERROR_KINDS: Set<string>;
export declare const DECODE_KINDS: Set<string>;
export declare function loadSeeds(repo: string): Seed[];
export declare function mutationArbitrary(fc: FastCheck): Arbitrary<Record<string, unknown>>;
export declare function caseArbitrary(fc: FastCheck, seedCount: number): Arbitrary<FuzzCase>;
export declare function materialize(testCase: FuzzCase, seeds: Seed[]): { name: string; ext: string; bytes: Uint8Array };
export declare function applyMutation(bytes: Uint8Array, mutation: Record<string, unknown>): Uint8Array;
export declare function checkCase(engine: FuzzEngine, testCase: FuzzCase, seeds: Seed[], options?: { maxMillis?: number; checkDeterminism?: boolean }): CheckedCase;
export declare function fuzzProperty(
  fc: FastCheck,
  engine: FuzzEngine,
  seeds: Seed[],
  options?: { maxMillis?: number; checkDeterminism?: boolean; onCase?: (testCase: FuzzCase) => void; onResult?: (checked: CheckedCase) => void },
): IPropertyWithHooks<[FuzzCase]>;
