import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMessageKey, localeFrom, MESSAGES, message } from './messages';

const CJK = /[\u4e00-\u9fff]/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'test' ? [] : sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('MESSAGES', () => {
  it('has a non-empty text in both languages for every key, the Chinese one in Chinese', () => {
    const entries = Object.entries(MESSAGES);
    expect(entries.length).toBeGreaterThan(20);
    for (const [key, texts] of entries) {
      expect(Object.keys(texts).sort(), key).toEqual(['en', 'zh-CN']);
      expect(texts['zh-CN'].trim(), key).not.toBe('');
      expect(texts.en.trim(), key).not.toBe('');
      expect(texts['zh-CN'], key).toMatch(CJK);
      expect(texts.en, key).not.toBe(texts['zh-CN']);
    }
  });

  it('renders a key in the asked language and passes an unknown key through', () => {
    expect(message('problem.notFound', 'en')).toBe('Not found');
    expect(message('problem.notFound', 'zh-CN')).toBe('找不到该记录');
    expect(message('no.such.key', 'en')).toBe('no.such.key');
    expect(isMessageKey('toString')).toBe(false);
  });

  it('has a text for every message key the domain schemas and the server raise', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const files = [...sourceFiles(path.join(root, 'domain')), ...sourceFiles(path.join(root, 'server'))];
    const pattern =
      /(?:message:\s*|new AppError\(\d+,\s*|key:\s*|conflict\(|badRequest\()'([a-zA-Z]+\.[A-Za-z_.]+)'/g;
    const used = new Set<string>();
    for (const f of files)
      for (const m of fs.readFileSync(f, 'utf8').matchAll(pattern)) used.add(m[1] as string);
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((k) => !isMessageKey(k));
    expect(missing).toEqual([]);
  });
});

describe('localeFrom', () => {
  it('picks English only when the browser asks for it first', () => {
    expect(localeFrom('en-US,en;q=0.9')).toBe('en');
    expect(localeFrom('en')).toBe('en');
    expect(localeFrom('EN-GB')).toBe('en');
    expect(localeFrom('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(localeFrom('fr-FR,en;q=0.5')).toBe('zh-CN');
  });

  it('defaults to Chinese', () => {
    expect(localeFrom(undefined)).toBe('zh-CN');
    expect(localeFrom('')).toBe('zh-CN');
    expect(localeFrom('*')).toBe('zh-CN');
  });
});
