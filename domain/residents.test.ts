import { describe, expect, it } from 'vitest';
import {
  checkIdNumber,
  FEVER_THRESHOLD,
  idCheckChar,
  isFever,
  isMasked,
  isPlausibleTemperature,
  maskIdNumber,
  maskPhone,
  normalizeMobile,
} from './residents';

/** A number with a correct check character around the given 6-digit area, birth date and sequence. */
function idWith(area: string, birth: string, seq: string): string {
  const first17 = `${area}${birth}${seq}`;
  return `${first17}${idCheckChar(first17)}`;
}

describe('checkIdNumber', () => {
  it('accepts the GB 11643 examples and reads birth date and sex from them', () => {
    expect(checkIdNumber('11010519491231002X', '2026-03-01')).toEqual({
      ok: true,
      value: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
    expect(checkIdNumber('440524188001010014', '2026-03-01')).toEqual({
      ok: true,
      value: '440524188001010014',
      birthDate: '1880-01-01',
      sex: 'male',
    });
  });

  it('accepts a lower-case x and stores it upper-cased, ignoring surrounding spaces', () => {
    const r = checkIdNumber(' 11010519491231002x ', '2026-03-01');
    expect(r).toMatchObject({ ok: true, value: '11010519491231002X' });
  });

  it('rejects a wrong check character', () => {
    expect(checkIdNumber('340524198001010013', '2026-03-01')).toEqual({ ok: false, problem: 'checksum' });
    // Any single changed digit changes the check character.
    expect(checkIdNumber('11010519491231003X', '2026-03-01')).toEqual({ ok: false, problem: 'checksum' });
    expect(checkIdNumber('110105194912310020', '2026-03-01')).toEqual({ ok: false, problem: 'checksum' });
  });

  it('rejects dates that do not exist, even with a correct check character', () => {
    expect(checkIdNumber(idWith('340524', '19990230', '001'), '2026-03-01')).toEqual({
      ok: false,
      problem: 'birthDate',
    });
    expect(checkIdNumber(idWith('340524', '19991301', '001'), '2026-03-01')).toEqual({
      ok: false,
      problem: 'birthDate',
    });
    expect(checkIdNumber(idWith('340524', '19990100', '001'), '2026-03-01')).toEqual({
      ok: false,
      problem: 'birthDate',
    });
    // 29 February exists in leap years only.
    expect(checkIdNumber(idWith('340524', '20000229', '001'), '2026-03-01').ok).toBe(true);
    expect(checkIdNumber(idWith('340524', '19000229', '001'), '2026-03-01')).toEqual({
      ok: false,
      problem: 'birthDate',
    });
  });

  it('rejects a birth date in the future, and accepts one born today', () => {
    expect(checkIdNumber(idWith('410105', '20260302', '001'), '2026-03-01')).toEqual({
      ok: false,
      problem: 'birthDate',
    });
    expect(checkIdNumber(idWith('410105', '20260301', '001'), '2026-03-01').ok).toBe(true);
    // Without an explicit day it compares with the real today.
    expect(checkIdNumber(idWith('410105', '29990101', '001'))).toEqual({ ok: false, problem: 'birthDate' });
  });

  it('rejects the wrong length and characters other than digits and a final X', () => {
    for (const raw of [
      '',
      '11010519491231002', // 17
      '11010519491231002XX', // 19
      '110105491231002', // old 15-digit number
      '1101051949123100X2',
      '11010519491231002Y',
      '11010519491231 02X',
      '１１０１０５１９４９１２３１００２Ｘ',
    ]) {
      expect(checkIdNumber(raw, '2026-03-01'), raw).toEqual({ ok: false, problem: 'format' });
    }
  });

  it('computes the MOD 11-2 check character, X standing for 10', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('44052418800101001')).toBe('4');
    // 189 mod 11 = 2 → X (worked by hand): 340524198001010013 ends in 3, so it is wrong.
    expect(idCheckChar('34052419800101001')).toBe('X');
  });
});

describe('normalizeMobile', () => {
  it('strips spaces, dashes and full-width digits', () => {
    expect(normalizeMobile('13800138000')).toBe('13800138000');
    expect(normalizeMobile(' 138 0013 8000 ')).toBe('13800138000');
    expect(normalizeMobile('138-0013-8000')).toBe('13800138000');
    expect(normalizeMobile('１３８００１３８０００')).toBe('13800138000');
    expect(normalizeMobile('１３８　００１３　８０００')).toBe('13800138000');
  });

  it('drops the +86, 0086 and 86 country prefixes', () => {
    expect(normalizeMobile('+86 138 0013 8000')).toBe('13800138000');
    expect(normalizeMobile('+8613800138000')).toBe('13800138000');
    expect(normalizeMobile('0086 13800138000')).toBe('13800138000');
    expect(normalizeMobile('8613800138000')).toBe('13800138000');
    expect(normalizeMobile('86-138-0013-8000')).toBe('13800138000');
  });

  it('rejects landlines, wrong lengths and numbers that are not mobile', () => {
    for (const raw of [
      '0371-65551234', // Zhengzhou landline
      '010 12345678',
      '65551234',
      '138001380001', // 12 digits
      '1380013800', // 10 digits
      '12800138000', // no such mobile prefix
      '23800138000',
      '86138001380', // 86 then only 9 digits
      '+8612800138000',
      '',
      'abc',
    ]) {
      expect(normalizeMobile(raw), raw).toBeNull();
    }
  });
});

describe('temperatures', () => {
  it('treats 34.0–43.0 °C as readings and anything else as a typing error', () => {
    for (const t of [34.0, 35.5, 36.5, 37.3, 42.9, 43.0])
      expect(isPlausibleTemperature(t), String(t)).toBe(true);
    for (const t of [33.9, 43.1, 0, 3.65, 365, -36.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(isPlausibleTemperature(t), String(t)).toBe(false);
    }
  });

  it('calls 37.3 °C and above a fever', () => {
    expect(FEVER_THRESHOLD).toBe(37.3);
    expect(isFever(37.2)).toBe(false);
    expect(isFever(37.29)).toBe(false);
    expect(isFever(37.3)).toBe(true);
    expect(isFever(38.5)).toBe(true);
    expect(isFever(37.2, 37.0)).toBe(true);
  });
});

describe('masking', () => {
  it('shows the first four and last four characters of an ID number', () => {
    expect(maskIdNumber('410105199001011234')).toBe('4101**********1234');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('41010519900101123')).toHaveLength(17);
    expect(maskIdNumber('12345678')).toBe('********');
  });

  it('shows the first three and last four digits of a phone number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('123456')).toBe('******');
  });

  it('recognises a masked value so it is never written back over the stored one', () => {
    expect(isMasked(maskIdNumber('410105199001011234'))).toBe(true);
    expect(isMasked(maskPhone('13812345678'))).toBe(true);
    expect(isMasked('13812345678')).toBe(false);
  });
});
