import { describe, expect, it } from 'vitest';
import { maskName, readTemperature } from './isolation';

describe('maskName', () => {
  it('keeps the first and last character and hides the rest', () => {
    expect(maskName('王秀英')).toBe('王*英');
    expect(maskName('欧阳建国')).toBe('欧**国');
    expect(maskName('李娜')).toBe('李*');
    expect(maskName('王')).toBe('王');
    expect(maskName(' 阿依古丽·买买提 ')).toBe('阿******提');
    expect(maskName('')).toBe('');
  });
});

describe('readTemperature', () => {
  it('reads what people type on a phone', () => {
    expect(readTemperature('36.5')).toBe(36.5);
    expect(readTemperature(' 36,5 ')).toBe(36.5);
    expect(readTemperature('３６．５')).toBe(36.5);
    expect(readTemperature('365')).toBe(36.5);
    expect(readTemperature('37')).toBe(37);
    expect(readTemperature('38.25')).toBeNull();
    expect(readTemperature('3')).toBeNull();
    expect(readTemperature('45')).toBeNull();
    expect(readTemperature('33.9')).toBeNull();
    expect(readTemperature('43.0')).toBe(43);
    expect(readTemperature('36.5℃')).toBeNull();
    expect(readTemperature('')).toBeNull();
  });
});
