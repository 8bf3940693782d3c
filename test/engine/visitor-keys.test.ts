// The detector walks Babel trees with a generated copy of @babel/types' VISITOR_KEYS (loading @babel/types in
// every thread only for that table was slow). A stale copy would skip children of node types a newer parser emits.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BABEL_VISITOR_KEYS } from '../../src/detect/babel-visitor-keys.js';

const { VISITOR_KEYS } = createRequire(import.meta.url)('@babel/types') as { VISITOR_KEYS: Record<string, string[]> };

describe('generated Babel visitor keys', () => {
  it('equal the installed @babel/types VISITOR_KEYS (run `npm run gen` after upgrading Babel)', () => {
    expect(Object.keys(BABEL_VISITOR_KEYS).sort()).toEqual(Object.keys(VISITOR_KEYS).sort());
    for (const type of Object.keys(VISITOR_KEYS)) expect([type, BABEL_VISITOR_KEYS[type]]).toEqual([type, VISITOR_KEYS[type]]);
  });

  it('cover the node types the detector depends on', () => {
    expect(BABEL_VISITOR_KEYS.OptionalMemberExpression).toEqual(['object', 'property']);
    expect(BABEL_VISITOR_KEYS.ClassProperty).toContain('value');
    expect(BABEL_VISITOR_KEYS.ObjectMethod).toContain('body');
  });
});
