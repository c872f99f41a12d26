import {
  AdminExternalPageSchema,
  complianceApi,
  CompliancePeoplePageSchema,
  ComplianceReportSchema,
  JENIS_JABATAN_UNSET,
  type AdminExternalRecord,
  type ComplianceGrouping,
  type CompliancePeoplePage,
  type ComplianceReport,
} from '../../../../shared/protocol/record';
import { request, requestJson } from '../../../data/http';
import { useSession } from '../../../stores/session';

/** The admin's calls for JP compliance, certificates, SIASN and external learning. */
const token = (): string | null => useSession.getState().token;

export function fetchCompliance(year: number, groupBy: ComplianceGrouping): Promise<ComplianceReport> {
  return requestJson(`${complianceApi.report}?year=${year}&groupBy=${groupBy}`, ComplianceReportSchema, {
    token: token(),
  });
}

/** One row of the report, to drill down into: its grouping and its group (null: no jenis jabatan). */
export interface ComplianceDrill {
  groupBy: ComplianceGrouping;
  group: string | null;
}

export function fetchCompliancePeople(
  year: number,
  drill: ComplianceDrill,
  after: string | null,
): Promise<CompliancePeoplePage> {
  const query = new URLSearchParams({ year: String(year) });
  if (drill.groupBy === 'opd') query.set('opd', drill.group ?? '');
  else query.set('jenisJabatan', drill.group ?? JENIS_JABATAN_UNSET);
  if (after !== null) query.set('after', after);
  return requestJson(`${complianceApi.people}?${query}`, CompliancePeoplePageSchema, { token: token() });
}

export function fetchPendingExternal(): Promise<{ records: AdminExternalRecord[]; next: string | null }> {
  return requestJson('/api/admin/external-learning?status=pending', AdminExternalPageSchema, { token: token() });
}

export async function decideExternal(
  id: string,
  decision: { approve: true; jp: number } | { approve: false; reason: string },
): Promise<void> {
  await request(`/api/admin/external-learning/${encodeURIComponent(id)}/decision`, {
    token: token(),
    body: decision,
  });
}

export async function revokeCertificate(code: string, reason: string): Promise<void> {
  await request(`/api/admin/certificates/${encodeURIComponent(code)}/revoke`, { token: token(), body: { reason } });
}

/** Downloads a file the server builds (exports, an uploaded certificate) with the session's token. */
export async function download(path: string, fileName: string): Promise<void> {
  const response = await request(path, { token: token(), timeoutMs: 300_000 });
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url));
}
