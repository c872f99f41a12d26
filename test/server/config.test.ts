import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config';
import { DEFAULT_L1_BANDS } from '../../src/shared/protocol/analysis';
import { DEFAULT_RECORD_SETTINGS } from '../../src/server/services/record-settings';
import { DAILY_STATEMENT_BUDGET, DEFAULT_RECORD_BUDGET } from '../../src/server/services/record-budget';
import { withoutPassword } from '../../src/server/db/open';

describe('server config', () => {
  it('defaults to port 8080 on all interfaces, embedded PGlite in ./data and 30-day tokens', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: resolve('data'),
      bundlesDir: resolve('build/bundles'),
      staticDir: resolve('dist'),
      tokenTtlDays: 30,
      demo: false,
      trustedProxyHops: 0,
      passwordThreads: Math.max(1, Math.min(4, availableParallelism() - 1)),
      syncConcurrency: Math.max(2, Math.min(10, availableParallelism() * 2)),
      records: DEFAULT_RECORD_SETTINGS,
      l1Bands: DEFAULT_L1_BANDS,
      recordBudget: DEFAULT_RECORD_BUDGET,
    });
  });

  it('lifts the daily statement budget when the operator asks, and only that budget', () => {
    expect(DEFAULT_RECORD_BUDGET.statements).toBe(DAILY_STATEMENT_BUDGET);
    expect(loadConfig({ LENTERA_DAILY_STATEMENT_BUDGET: '20000' }).recordBudget).toEqual({
      ...DEFAULT_RECORD_BUDGET,
      statements: 20_000,
    });
    // A typo must not leave the database unbounded, nor refuse a learner's honest day.
    for (const value of ['0', '-5', '999', '1000001', '2500.5', 'unlimited', 'Infinity'])
      expect(() => loadConfig({ LENTERA_DAILY_STATEMENT_BUDGET: value })).toThrow(/LENTERA_DAILY_STATEMENT_BUDGET/);
  });

  it('reads the record settings: time zone, JP targets, certificate number format and signer', () => {
    const records = loadConfig({
      LENTERA_TIME_ZONE: 'Asia/Makassar',
      LENTERA_JP_TARGET: '24',
      LENTERA_JP_TARGET_PPPK: '10',
      LENTERA_INSTANSI: 'BKPSDM Kota Padangsidempuan',
      LENTERA_CERT_NUMBER_FORMAT: 'BKPSDM-PSP/{seq:04}/{YYYY}',
      LENTERA_CERT_SIGNER_NAME: 'Drs. Ahmad Siregar',
      LENTERA_CERT_REQUIRES_EVALUATION: '1',
    }).records;
    expect(records).toMatchObject({
      timeZone: 'Asia/Makassar',
      targets: { pns: 24, pppk: 10 },
      instansi: 'BKPSDM Kota Padangsidempuan',
      institusiPenyelenggara: 'BKPSDM Kota Padangsidempuan',
      numberFormat: 'BKPSDM-PSP/{seq:04}/{YYYY}',
      signer: { nama: 'Drs. Ahmad Siregar' },
      requireEvaluation: true,
    });
    // A typo in the zone would skew every year's count; a format without {seq} or {YYYY} would repeat numbers.
    expect(() => loadConfig({ LENTERA_TIME_ZONE: 'Asia/Jakrta' })).toThrow(/LENTERA_TIME_ZONE/);
    expect(() => loadConfig({ LENTERA_CERT_NUMBER_FORMAT: '{kodeInstansi}/{YYYY}' })).toThrow(
      /LENTERA_CERT_NUMBER_FORMAT/,
    );
    expect(() => loadConfig({ LENTERA_CERT_NUMBER_FORMAT: '{kodeInstansi}/{seq}' })).toThrow(
      /LENTERA_CERT_NUMBER_FORMAT/,
    );
  });

  it('has demo accounts only when LENTERA_DEMO asks for them', () => {
    expect(loadConfig({ LENTERA_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ LENTERA_DEMO: 'true' }).demo).toBe(true);
    expect(loadConfig({ LENTERA_DEMO: '0' }).demo).toBe(false);
    expect(() => loadConfig({ LENTERA_DEMO: 'yes please' })).toThrow(/LENTERA_DEMO/);
  });

  it('reads every variable, and treats an empty one as unset', () => {
    const config = loadConfig({
      PORT: '18080',
      DATABASE_URL: 'postgres://db/lentera',
      LENTERA_TOKEN_TTL_DAYS: '60',
      HOST: '',
    });
    expect(config).toMatchObject({
      port: 18080,
      host: '0.0.0.0',
      databaseUrl: 'postgres://db/lentera',
      tokenTtlDays: 60,
    });
  });

  it.each([
    { PORT: 'http' },
    { PORT: '70000' },
    { LENTERA_TOKEN_TTL_DAYS: '0' },
    { LENTERA_TRUST_PROXY_HOPS: '-1' },
    { LENTERA_PASSWORD_THREADS: '0' },
  ])('refuses a nonsense value %j at start-up', (env) => {
    expect(() => loadConfig(env)).toThrow(/Invalid server environment/);
  });

  it('the printed database description never shows the password', () => {
    expect(withoutPassword('postgres://lentera:rahasia@db:5432/lentera')).toBe(
      'postgres://lentera:***@db:5432/lentera',
    );
    expect(withoutPassword('not a url')).not.toContain('not a url');
  });
});
