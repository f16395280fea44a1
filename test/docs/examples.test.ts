/**
 * Runs every `@example` block of the public TSDoc in src/ as a module, so that documentation that
 * drifts from the code fails the build. Examples check themselves with `console.assert`, which is
 * made to throw for the duration of each example.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const srcDir = join(root, 'src');
const tmpDir = join(root, 'test', '.examples-tmp');

interface Example {
  file: string;
  line: number;
  code: string;
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.generated.ts')) out.push(path);
  }
  return out.sort();
}

/** Extracts the ```ts fenced blocks that follow an `@example` tag inside TSDoc comments. */
export function extractExamples(file: string, text: string): Example[] {
  const examples: Example[] = [];
  const comment = /\/\*\*[\s\S]*?\*\//g;
  for (let m = comment.exec(text); m !== null; m = comment.exec(text)) {
    const body = m[0]
      .split('\n')
      .map((l) => l.replace(/^\s*\/?\*{1,2}\/?\s?/, ''))
      .join('\n');
    const tag = /@example[\s\S]*?```(?:ts|typescript)\n([\s\S]*?)```/g;
    for (let t = tag.exec(body); t !== null; t = tag.exec(body)) {
      const line = text.slice(0, m.index).split('\n').length;
      examples.push({ file: relative(root, file), line, code: t[1] });
    }
  }
  return examples;
}

const examples = listSources(srcDir).flatMap((f) => extractExamples(f, readFileSync(f, 'utf8')));

function rewriteImports(code: string): string {
  const index = pathToFileURL(join(srcDir, 'index.ts')).href;
  const testing = pathToFileURL(join(srcDir, 'testing', 'index.ts')).href;
  const gpu = pathToFileURL(join(srcDir, 'tensor', 'gpu', 'index.ts')).href;
  // Only module specifiers are rewritten: `from '...'` and `import('...')`.
  const specifier = (name: string, target: string) => (text: string) =>
    text.replace(new RegExp(`(from\\s*|import\\(\\s*)(['"])${name}\\2`, 'g'), (_m, lead: string) => `${lead}${JSON.stringify(target)}`);
  return [specifier('lorentz-irreps/gpu', gpu), specifier('lorentz-irreps/testing', testing), specifier('lorentz-irreps', index)].reduce(
    (text, rewrite) => rewrite(text),
    code,
  );
}

describe('documentation examples', () => {
  afterAll(() => rmSync(tmpDir, { recursive: true, force: true }));

  it('exist for the public API', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  it.each(examples.map((e, k) => [`${e.file}:${e.line}`, k] as const))('run as written: %s', async (_name, k) => {
    const example = examples[k];
    mkdirSync(tmpDir, { recursive: true });
    const path = join(tmpDir, `example-${k}.ts`);
    writeFileSync(path, `${rewriteImports(example.code)}\nexport {};\n`);
    const original = console.assert;
    console.assert = (condition?: boolean, ...data: unknown[]) => {
      if (!condition) throw new Error(`console.assert failed in ${example.file}:${example.line}: ${data.join(' ')}`);
    };
    try {
      await import(/* @vite-ignore */ pathToFileURL(path).href);
    } finally {
      console.assert = original;
    }
  });
});
