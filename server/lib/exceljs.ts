import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import type ExcelJSType from 'exceljs';

/**
 * ExcelJS, with its XML tokenizer mended before anything loads it. ExcelJS decodes every inflated
 * chunk of a sheet on its own (utils/parse-sax.js), so a Chinese character split across two chunks
 * turns into U+FFFD: about one row in four thousand of a streamed ledger came out garbled. The
 * replacement keeps one UTF-8 decoder per document, which carries partial characters over.
 */
const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const { SaxesParser } = require('saxes') as {
  SaxesParser: new () => {
    on(event: string, fn: (value: unknown) => void): void;
    write(s: string): void;
  };
};

async function* parseSax(iterable: AsyncIterable<Buffer | string>) {
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error: unknown;
  let events: { eventType: string; value: unknown }[] = [];
  parser.on('error', (err) => {
    error = err;
  });
  parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
  parser.on('text', (value) => events.push({ eventType: 'text', value }));
  parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
  for await (const chunk of iterable) {
    parser.write(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

// Load a fresh copy of ExcelJS around the mended module, whatever loaded ExcelJS before (a test
// writing fixtures, say): its readers capture parse-sax when they are first required.
const root = parseSaxPath.slice(0, parseSaxPath.indexOf('/lib/utils/'));
for (const key of Object.keys(require.cache)) if (key.startsWith(root)) delete require.cache[key];
const Module = require('node:module') as { new (id: string): NodeJS.Module };
const mended = new Module(parseSaxPath);
mended.filename = parseSaxPath;
mended.loaded = true;
mended.exports = parseSax;
require.cache[parseSaxPath] = mended;

const ExcelJS = require('exceljs') as typeof ExcelJSType;
export default ExcelJS;
