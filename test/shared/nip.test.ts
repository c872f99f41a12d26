import { describe, expect, it } from 'vitest';
import { isValidAsnNumber, isValidNiPppk, isValidNip } from '../../src/shared/nip';

describe('isValidNip (PNS and CPNS)', () => {
  it('accepts an 18-digit NIP whose birth date, appointment month and sex are real', () => {
    expect(isValidNip('199207212019032001')).toBe(true);
    expect(isValidNip('198503142010011002')).toBe(true);
  });

  it.each([
    ['too short', '19920721201903200'],
    ['letters', '19920721201903200X'],
    ['31 February as birth date', '199202312019032001'],
    ['appointment month 13', '199207212019132001'],
    ['appointed before age 15', '199207212000032001'],
    ['sex digit 3', '199207212019033001'],
    ['sequence 000', '199207212019032000'],
    ['a NI PPPK (21 where the month goes)', '198302072021212004'],
  ])('refuses %s', (_reason, nip) => {
    expect(isValidNip(nip)).toBe(false);
  });
});

describe('isValidNiPppk', () => {
  // Real NI PPPK as printed in public school and agency rosters (spaces removed).
  it.each(['19830207 202121 2 004', '19921107 202221 1 001', '19951124 202321 1 015', '19910523 202421 2 031'])(
    'accepts %s',
    (printed) => {
      const number = printed.replaceAll(' ', '');
      expect(isValidNiPppk(number)).toBe(true);
      expect(isValidNip(number)).toBe(false);
      expect(isValidAsnNumber(number)).toBe(true);
    },
  );

  it('accepts a later work agreement (22, 23 …)', () => {
    expect(isValidNiPppk('199011232022221003')).toBe(true);
  });

  it.each([
    ['a calendar month where the PPPK code goes', '199011232022031003'],
    ['agreement number 0', '199011232022201003'],
    ['a year before PPPK existed (2019)', '198011232018211003'],
    ['an impossible birth date', '199002302022211003'],
    ['sex digit 3', '199011232022213003'],
    ['sequence 000', '199011232022211000'],
  ])('refuses %s', (_reason, number) => {
    expect(isValidNiPppk(number)).toBe(false);
  });
});
