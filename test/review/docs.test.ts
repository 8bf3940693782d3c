// Review of the documentation against the product: every page a report or a rule links to exists, every local link
// resolves, the README's commands and options are ones the CLI has, and the YAML examples are valid inventories.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Ajv } from 'ajv';
import fg from 'fast-glob';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const RULE_IDS = ['undisclosed-collection', 'out-of-scope-collection', 'contradicts-policy', 'unused-declaration'];
const RULE_SECTIONS = ['## What it flags', '## Why it matters', '## Examples', '## How to fix', '## Options and settings'];
const MARKDOWN = ['README.md', 'rules/README.md', ...fg.sync('docs/**/*.md', { cwd: REPO })].sort();

/** The fenced code blocks of a Markdown text, with their language. */
function codeBlocks(markdown: string): { lang: string; text: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1]!, text: match[2]! }));
}

/** The text between a `## heading` and the next one. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  expect(start, `no section ${heading}`).toBeGreaterThan(-1);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
}

describe('rule documentation', () => {
  it('has a page for every rule the SARIF report links to (helpUri), with the same sections', () => {
    const run = runCli(['scan', '.', '--format', 'sarif'], join(REPO, 'fixtures/apps/inventory-demo'));
    expect(run.code).toBe(1);
    const rules = JSON.parse(run.stdout).runs[0].tool.driver.rules as { id: string; helpUri: string }[];
    expect(rules.map((rule) => rule.id)).toEqual(RULE_IDS);
    for (const rule of rules) {
      const path = /\/(docs\/rules\/[\w-]+\.md)$/.exec(rule.helpUri)?.[1];
      expect(path, rule.helpUri).toBe(`docs/rules/${rule.id}.md`);
      expect(existsSync(join(REPO, path!)), `${path} is missing`).toBe(true);
      const text = readFileSync(join(REPO, path!), 'utf8');
      expect(text.startsWith(`# ${rule.id}\n`)).toBe(true);
      for (const heading of RULE_SECTIONS) expect(text, `${path}: ${heading}`).toContain(`\n${heading}\n`);
    }
    expect(readdirSync(join(REPO, 'docs/rules')).sort()).toEqual(RULE_IDS.map((id) => `${id}.md`).sort());
  });

  it('gives YAML inventory examples the shipped schema accepts', () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schema/privacy-inventory.schema.json'), 'utf8')));
    let checked = 0;
    for (const file of fg.sync('docs/rules/*.md', { cwd: REPO })) {
      for (const block of codeBlocks(readFileSync(join(REPO, file), 'utf8')).filter((b) => b.lang === 'yaml')) {
        const value = parseYaml(block.text) as Record<string, unknown>;
        if (!value || typeof value !== 'object' || !('data' in value || 'not_collected' in value)) continue;
        const inventory = { version: 1, ...value };
        expect(validate(inventory), `${file}:\n${block.text}\n${JSON.stringify(validate.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});

describe('links', () => {
  it.each(MARKDOWN)('%s: every local link resolves', (file) => {
    const text = readFileSync(join(REPO, file), 'utf8');
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^(https?:|mailto:|#)/.test(target));
    for (const target of targets) {
      const path = join(dirname(join(REPO, file)), decodeURI(target.split('#')[0]!));
      expect(existsSync(path), `${file} links to ${target}, which does not exist`).toBe(true);
    }
  });

  it('README: every file or folder it names in backquotes exists', () => {
    const named = [...README.matchAll(/`((?:docs|rules|schema|fixtures|scripts|test)\/[\w./-]*)`/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(3);
    for (const path of named) {
      const real = path.replace(/<[^>]+>.*$/, '');
      expect(existsSync(join(REPO, real)), `README names ${path}`).toBe(true);
    }
  });
});

describe('README', () => {
  it('keeps the two fresh-machine commands exactly', () => {
    const blocks = codeBlocks(README).filter((block) => block.lang === 'sh').map((block) => block.text);
    expect(blocks[0]).toBe('npm ci && node bin/privlint.js scan fixtures/apps/wechat-miniprogram\n');
    expect(blocks[1]).toBe('npm ci && npm test\n');
    expect(section(README, 'Try it (fresh machine, Node 20)')).toContain(blocks[0]!);
    expect(section(README, 'Run the tests')).toContain(blocks[1]!);
  });

  it('Use: mentions every command and the CI options', () => {
    const use = section(README, 'Use');
    for (const words of [
      'privlint scan',
      'privlint init',
      'privlint policy extract',
      'privlint policy check',
      'privlint explain',
      'privlint rules',
      'privlint baseline',
      'privlint merge',
      '--baseline',
      '--changed-since',
      '--shard',
      '--cache',
      '--policy',
      '--format sarif',
      'privlint-disable-next-line',
      "from 'privlint/eslint-plugin'",
      'privlint.configs.recommended',
    ]) {
      expect(use, words).toContain(words);
    }
  });

  it('Use: each command line is one the CLI accepts, with options it has', () => {
    const help = new Map<string, string>();
    const helpOf = (command: string[]) => {
      const key = command.join(' ');
      if (!help.has(key)) {
        const run = runCli([...command, '--help'], REPO);
        expect(run.code, key).toBe(0);
        help.set(key, run.stdout);
      }
      return help.get(key)!;
    };
    const lines = codeBlocks(section(README, 'Use'))
      .filter((block) => block.lang === 'sh')
      .flatMap((block) => block.text.split('\n'))
      .filter((line) => line.startsWith('privlint '));
    expect(lines.length).toBeGreaterThanOrEqual(14);
    for (const line of lines) {
      const words = line.replace(/#.*$/, '').trim().split(/\s+/).slice(1);
      const command = words[0] === 'policy' ? words.slice(0, 2) : words.slice(0, 1);
      const text = helpOf(command);
      for (const option of words.filter((word) => word.startsWith('--'))) expect(text, `${line}: ${option}`).toContain(option);
    }
    // The options listed in prose for scan.
    const prose = /`scan` options: ([\s\S]*?)\.\s+Default ignores/.exec(section(README, 'Use'))![1]!;
    const scanHelp = helpOf(['scan']);
    const listed = [...prose.matchAll(/`(--[\w-]+)/g)].map((match) => match[1]!);
    expect(listed.length).toBeGreaterThanOrEqual(15);
    for (const option of listed) expect(scanHelp, option).toContain(option);
  });

  it('its inventory example is valid and loads in the CLI', () => {
    const example = codeBlocks(section(README, 'Use')).find((block) => block.lang === 'yaml' && block.text.includes('version: 1'))!;
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(REPO, 'schema/privacy-inventory.schema.json'), 'utf8')));
    expect(validate(parseYaml(example.text)), JSON.stringify(validate.errors)).toBe(true);
    const modeline = /\$schema=(\S+)/.exec(example.text)![1]!;
    expect(modeline).toBe('./node_modules/privlint/schema/privacy-inventory.schema.json');
    expect(statSync(join(REPO, relative('./node_modules/privlint', modeline))).isFile()).toBe(true);
  });
});

describe('rules/README.md', () => {
  it('describes rules/policy-lexicon.yml and each of its top-level sections', () => {
    const text = readFileSync(join(REPO, 'rules/README.md'), 'utf8');
    expect(text).toContain('rules/policy-lexicon.yml');
    const lexicon = parseYaml(readFileSync(join(REPO, 'rules/policy-lexicon.yml'), 'utf8')) as Record<string, unknown>;
    const sections = Object.keys(lexicon).filter((key) => key !== 'version');
    expect(sections.length).toBeGreaterThan(5);
    const documented = section(text, 'The policy lexicon (`rules/policy-lexicon.yml`)');
    for (const key of sections) expect(documented, key).toContain(`\`${key}\``);
  });
});
