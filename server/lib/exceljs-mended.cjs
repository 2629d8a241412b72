// ExcelJS, with its XML tokenizer mended before anything loads it. ExcelJS decodes every inflated
// chunk of a sheet on its own (utils/parse-sax.js), so a Chinese character split across two chunks
// turns into U+FFFD: about one row in four thousand of a streamed ledger came out garbled. The
// replacement keeps one UTF-8 decoder per document, which carries partial characters over.
//
// Plain CommonJS so that the sheet-reading worker thread (xlsx-worker.mjs) loads it without a
// TypeScript loader; server code imports it through exceljs.ts, which adds the types.
const Module = require('node:module');
const { StringDecoder } = require('node:string_decoder');
const { SaxesParser } = require('saxes');

const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');

async function* parseSax(iterable) {
  const parser = new SaxesParser();
  const decoder = new StringDecoder('utf8');
  let error;
  let events = [];
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
const mended = new Module(parseSaxPath);
mended.filename = parseSaxPath;
mended.loaded = true;
mended.exports = parseSax;
require.cache[parseSaxPath] = mended;

module.exports = require('exceljs');
