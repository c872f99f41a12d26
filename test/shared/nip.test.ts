import { describe, expect, it } from 'vitest';
import { isValidNip } from '../../src/shared/nip';

describe('isValidNip', () => {
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
  ])('refuses %s', (_reason, nip) => {
    expect(isValidNip(nip)).toBe(false);
  });
});
