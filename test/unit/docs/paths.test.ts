// The documentation names real files: every repository path cited in README.md and docs/*.md, and
// every relative link, exists (a move or rename that forgets the docs fails here).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const DOCS = ['README.md', ...readdirSync(join(ROOT, 'docs')).flatMap((name) => (name.endsWith('.md') ? [`docs/${name}`] : []))];
/** Written by a command, not kept in the repository (.gitignore). */
const GENERATED = new Set(['docs/api.html']);
const CITED = /(?<![\w./-])((?:functions|lib|scripts|test|bench|docs|events|resources|\.ci|\.github)\/[\w./-]*[\w/])/g;
const LINK = /\]\(([^)\s]+)\)/g;

function cited(doc: string): string[] {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const paths = [...text.matchAll(CITED)].map((match) => match[1]!);
  const links = [...text.matchAll(LINK)]
    .map((match) => match[1]!.split('#')[0]!)
    .filter((target) => target !== '' && !/^[a-z]+:/.test(target))
    .map((target) => join(dirname(doc), target));
  return [...new Set([...paths, ...links])].filter((path) => !GENERATED.has(path));
}

describe('the documentation', () => {
  it.each(DOCS)('%s cites only paths that exist', (doc) => {
    const missing = cited(doc).filter((path) => !existsSync(join(ROOT, path)));
    expect(missing).toEqual([]);
  });

  it('cites some paths at all (the pattern still finds them)', () => {
    expect(cited('README.md')).toContain('docs/keys.md');
    expect(cited('docs/security.md').some((path) => path.startsWith('test/'))).toBe(true);
  });
});
