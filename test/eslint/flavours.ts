// The parsers the plugin must work under, and how a snippet becomes a test case for each of them.
import { fileURLToPath } from 'node:url';
import { join, relative } from 'node:path';
import type { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';

export const ENGINE_RULES = fileURLToPath(new URL('../../fixtures/engine/rules', import.meta.url));
export const INVENTORIES = fileURLToPath(new URL('../../fixtures/eslint/inventories', import.meta.url));
export const APP = fileURLToPath(new URL('../../fixtures/eslint/app', import.meta.url));

/** Settings paths are relative to ESLint's cwd, which is process.cwd() under RuleTester. */
export const fromCwd = (absolute: string): string => relative(process.cwd(), absolute).split('\\').join('/');

export interface Flavour {
  name: string;
  ext: string;
  languageOptions?: Linter.LanguageOptions;
  /** Puts the snippet where the parser expects code. */
  wrap(code: string): string;
  /** Lines before the snippet's first line. */
  lineOffset: number;
  /** Whether TypeScript syntax parses. */
  typescript: boolean;
}

// Each line of the template names an API a <script> would be flagged for; templates are never analysed.
const TEMPLATE = '<template>\n  <button @click="wx.getLocation(); wx.getRecorderManager().start()">{{ plus.device.imei }}</button>\n</template>';

export const FLAVOURS: Flavour[] = [
  { name: 'espree', ext: '.js', wrap: (code) => code, lineOffset: 0, typescript: false },
  { name: 'typescript-eslint', ext: '.ts', languageOptions: { parser: tseslint.parser }, wrap: (code) => code, lineOffset: 0, typescript: true },
  {
    name: 'vue-eslint-parser <script>',
    ext: '.vue',
    languageOptions: { parser: vueParser },
    wrap: (code) => `${TEMPLATE}\n<script>\n${code}\n</script>\n`,
    lineOffset: 4,
    typescript: false,
  },
  {
    name: 'vue-eslint-parser <script setup lang="ts">',
    ext: '.vue',
    languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser } },
    wrap: (code) => `${TEMPLATE}\n<script setup lang="ts">\n${code}\n</script>\n`,
    lineOffset: 4,
    typescript: true,
  },
];

export interface ExpectedError {
  messageId: string;
  data: Record<string, string>;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** A problem about the file as a whole (1:1): not moved by the wrapping. */
  fileLevel?: boolean;
}

export interface Snippet {
  code: string;
  /** Virtual file under fixtures/eslint/inventories, without extension (scopes are relative to that folder). */
  file?: string;
  /** Inventory file name in fixtures/eslint/inventories; null = none in settings (found by walking up). */
  inventory?: string | null;
  /** Absolute folder for the file instead of fixtures/eslint/inventories. */
  dir?: string;
  tsOnly?: boolean;
  /** Expected errors, given the reported file (relative to cwd, as messages show it). */
  errors?: (file: string) => ExpectedError[];
}

export interface BuiltCase {
  name: string;
  code: string;
  filename: string;
  languageOptions?: Linter.LanguageOptions;
  settings: Record<string, unknown>;
  errors?: ExpectedError[];
}

export function buildCase(snippet: Snippet, flavour: Flavour): BuiltCase {
  const filename = join(snippet.dir ?? INVENTORIES, `${snippet.file ?? 'pages/home/home'}${flavour.ext}`);
  const inventory = snippet.inventory === undefined ? 'empty.yaml' : snippet.inventory;
  const settings = {
    privlint: {
      rulesDir: fromCwd(ENGINE_RULES),
      ...(inventory !== null ? { inventory: fromCwd(join(INVENTORIES, inventory)) } : {}),
    },
  };
  const built: BuiltCase = {
    name: `${snippet.code.split('\n')[0]}${snippet.code.includes('\n') ? ' …' : ''} (${snippet.file ?? 'pages/home/home'}, ${inventory ?? 'no inventory setting'})`,
    code: flavour.wrap(snippet.code),
    filename,
    ...(flavour.languageOptions ? { languageOptions: flavour.languageOptions } : {}),
    settings,
  };
  if (snippet.errors) {
    built.errors = snippet.errors(fromCwd(filename)).map(({ fileLevel, ...error }) =>
      fileLevel
        ? error
        : {
            ...error,
            line: error.line + flavour.lineOffset,
            ...(error.endLine !== undefined ? { endLine: error.endLine + flavour.lineOffset } : {}),
          },
    );
  }
  return built;
}

export function casesFor(snippets: Snippet[], flavour: Flavour): BuiltCase[] {
  return snippets.filter((snippet) => flavour.typescript || !snippet.tsOnly).map((snippet) => buildCase(snippet, flavour));
}
