import { createRequire } from 'node:module';
import type ExcelJSType from 'exceljs';

/**
 * ExcelJS with its streaming XML tokenizer mended (see exceljs-mended.cjs: Chinese characters split
 * across inflated chunks came out as U+FFFD). Always import ExcelJS from here.
 */
const require = createRequire(import.meta.url);
const ExcelJS = require('./exceljs-mended.cjs') as typeof ExcelJSType;
export default ExcelJS;
